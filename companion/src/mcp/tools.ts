import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { compositeQueries } from '../salesforce/composite.ts';
import { soql, soqlId } from '../salesforce/soql.ts';
import { createMany } from '../salesforce/writes.ts';
import type { Db } from '../store/db.ts';
import { acceptEvent } from '../store/inbox.ts';
import { enqueue } from '../store/jobs.ts';
import { findBySalesforceId, findByZohoId } from '../store/links.ts';
import { listZohoOrganizations } from '../store/connections.ts';
import type { ConnectionClients } from '../sync/clients.ts';
import { jobForEvent } from '../sync/event-jobs.ts';
import { readAccountOwner } from '../sync/collections/people.ts';
import { todayOf } from '../sync/payments/map.ts';
import type { InvoicePreview } from '../http/invoices.ts';

/** What the MCP tools need: the same clients, store and invoice dry run the flows use. */
export type McpToolDeps = {
    db: Db;
    clock: Clock;
    clients: ConnectionClients;
    invoicePreview: InvoicePreview;
    /** Told when a job was queued, so the worker picks it up at once. */
    onJobsQueued?: () => void;
};

/** A tool's input names a record the connection cannot find. */
export class McpNotFoundError extends AppError {
    constructor(message: string) {
        super('not_found', message, { retryable: false });
    }
}

async function defaultOrganization(db: Db, connectionId: string): Promise<string> {
    const org = (await listZohoOrganizations(db, connectionId)).find((o) => o.isDefault);
    if (!org) throw new McpNotFoundError(`connection ${connectionId} has no Zoho organization`);
    return org.organizationId;
}

/** Zoho customers matching a name, e-mail or Zoho id, each with its linked Salesforce Account. */
export async function findCustomer(deps: McpToolDeps, connectionId: string, query: string) {
    const organizationId = await defaultOrganization(deps.db, connectionId);
    const zoho = await deps.clients.zoho(connectionId, organizationId);
    const rows = /^\d{6,}$/.test(query)
        ? [await zoho.contacts.get(query)]
        : (
              await zoho.contacts.list(
                  query.includes('@')
                      ? { contact_type: 'customer', email: query }
                      : { contact_type: 'customer', search_text: query }
              )
          ).rows.slice(0, 25);
    return Promise.all(
        rows.map(async (row) => {
            const link = await findByZohoId(
                deps.db,
                connectionId,
                'customer',
                organizationId,
                row.contact_id
            );
            return {
                zohoContactId: row.contact_id,
                name: row.contact_name,
                email: row.email ?? null,
                salesforceAccountId: link?.salesforceId ?? null
            };
        })
    );
}

async function linkedContact(deps: McpToolDeps, connectionId: string, accountId: string) {
    const link = await findBySalesforceId(deps.db, connectionId, 'customer', accountId);
    if (!link) throw new McpNotFoundError(`Account ${accountId} is not linked to a Zoho customer`);
    return link;
}

/** The Zoho balance of the customer linked to a Salesforce Account. */
export async function accountBalance(deps: McpToolDeps, connectionId: string, accountId: string) {
    const link = await linkedContact(deps, connectionId, accountId);
    const zoho = await deps.clients.zoho(connectionId, link.zohoOrganizationId);
    const contact = await zoho.contacts.get(link.zohoId);
    return {
        accountId,
        zohoContactId: contact.contact_id,
        name: contact.contact_name,
        currencyCode: contact.currency_code ?? null,
        outstandingReceivable: String(contact.outstanding_receivable_amount ?? 0),
        unusedCredits: String(contact.unused_credits_receivable_amount ?? 0)
    };
}

/** Zoho's overdue invoices, of one Account's customer when given. */
export async function overdueInvoices(
    deps: McpToolDeps,
    connectionId: string,
    accountId: string | undefined
) {
    const link = accountId ? await linkedContact(deps, connectionId, accountId) : undefined;
    const organizationId =
        link?.zohoOrganizationId ?? (await defaultOrganization(deps.db, connectionId));
    const zoho = await deps.clients.zoho(connectionId, organizationId);
    const page = await zoho.invoices.list({
        status: 'overdue',
        ...(link ? { customer_id: link.zohoId } : {})
    });
    return page.rows.map((row) => ({
        invoiceId: row.invoice_id,
        invoiceNumber: row.invoice_number,
        customerName: row.customer_name ?? null,
        dueDate: row.due_date ?? null,
        currencyCode: row.currency_code,
        total: String(row.total),
        balance: String(row.balance)
    }));
}

/**
 * Queues the job an `invoice.requested` event starts, as the package's "Create invoice" does:
 * one inbox row and one job in one transaction, the event raised as the deal's owner.
 */
export async function requestInvoice(
    deps: McpToolDeps,
    input: { connectionId: string; opportunityId: string; callId: string; correlationId: string }
) {
    const sf = await deps.clients.salesforce(input.connectionId);
    const [rows = []] = await compositeQueries(sf, [
        soql`SELECT Id, OwnerId FROM Opportunity WHERE Id = ${soqlId(input.opportunityId)}`
    ]);
    const ownerId = (rows[0] as { OwnerId?: string } | undefined)?.OwnerId;
    if (!ownerId) throw new McpNotFoundError(`Opportunity ${input.opportunityId} is not visible`);
    const organizationId = await defaultOrganization(deps.db, input.connectionId);
    const event = {
        eventId: `mcp:${input.callId}`,
        type: 'invoice.requested' as const,
        objectType: 'Opportunity' as const,
        recordId: input.opportunityId,
        occurredAt: new Date(deps.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        userId: ownerId
    };
    const job = await deps.db.transaction(async (tx) => {
        const inbox = await acceptEvent(tx, {
            connectionId: input.connectionId,
            source: 'salesforce',
            sourceEventId: event.eventId,
            type: event.type,
            payload: { ...event, via: 'mcp' },
            correlationId: input.correlationId
        });
        const queued = await enqueue(
            tx,
            jobForEvent(event, {
                connectionId: input.connectionId,
                zohoOrganizationId: organizationId,
                inboxId: inbox.id,
                correlationId: input.correlationId
            })
        );
        return queued.job;
    });
    deps.onJobsQueued?.();
    return { jobId: job.id, kind: job.kind };
}

/** A follow-up Task on the Account for its owner, as collections makes them. */
export async function followUpTask(
    deps: McpToolDeps,
    input: { connectionId: string; accountId: string; subject: string; description?: string }
) {
    const sf = await deps.clients.salesforce(input.connectionId);
    const account = await readAccountOwner(sf, input.accountId);
    const [result] = await createMany(sf, 'Task', [
        {
            Subject: input.subject,
            ...(input.description ? { Description: input.description } : {}),
            WhatId: input.accountId,
            OwnerId: account.OwnerId,
            ActivityDate: todayOf(deps.clock.now()),
            Status: 'Not Started'
        }
    ]);
    if (!result?.ok)
        throw new AppError(
            'task_not_created',
            `the Task was refused: ${JSON.stringify(result?.errors)}`,
            { retryable: false }
        );
    return { taskId: result.id, ownerId: account.OwnerId };
}
