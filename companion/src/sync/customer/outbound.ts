import { z } from 'zod';

import { salesforceEventSchema } from '../../contracts/salesforce-events.ts';
import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/worker.ts';
import { getBaseline, putBaseline } from '../../store/customer-sync.ts';
import { findBySalesforceId } from '../../store/links.ts';
import type { Job } from '../../store/jobs.ts';
import { enqueueWriteback } from '../../store/writebacks.ts';
import { ZohoValidationError } from '../../zoho/errors.ts';
import type { ContactInput } from '../../zoho/resources/contacts.ts';
import { accountsMergedInto } from './accounts.ts';
import { BILLING_CONTACT_FIELD } from './contact-persons/read.ts';
import { ensureCustomer } from './ensure.ts';
import { isAwaitingReview } from './first-link/reviews.ts';
import { entryDecision, newCustomerBody } from './entry.ts';
import { salesforceValues, valuesHash } from './fields.ts';
import { mayFlow } from './merge.ts';
import type { CustomerSync, CustomerSyncDeps, Meta } from './sync.ts';

export const CUSTOMER_OUT_JOB = 'zoho.customer.sync';

const payloadSchema = z.looseObject({ event: salesforceEventSchema });

/** The job cannot be done and retrying will not change that (a dead letter, with the reason). */
export class CustomerJobError extends AppError {
    constructor(code: string, message: string) {
        super(code, message, { retryable: false });
    }
}

/**
 * Salesforce → Zoho (F2): an `account.changed` or `account.sync_requested` event. A linked
 * Account whose mapped values still hash to the agreed ones costs no Zoho call (an update that
 * changes nothing is not sent); otherwise the pair is reconciled. A sync request, and a change
 * of the billing contact, also reconcile the customer's contact persons (the billing contact's
 * person made primary). An Account not linked yet
 * becomes a Zoho customer through the shared ensure-customer path when the entry criteria say
 * so. Zoho refusing the record marks the Account Failed with Zoho's words and dead-letters the
 * job; the other accounts' jobs go on.
 */
export function createCustomerOutbound(deps: CustomerSyncDeps, sync: CustomerSync) {
    /** The Account's sync status: Failed with Zoho's words, or Synced again after a failure. */
    async function markStatus(
        connectionId: string,
        accountId: string,
        status: { failed: string } | 'Synced',
        meta: Meta
    ) {
        await enqueueWriteback(deps.db, {
            connectionId,
            subject: `account-status:${accountId}`,
            records: [
                {
                    op: 'update',
                    sobject: 'Account',
                    fields: {
                        Id: accountId,
                        Closebooks_Sync_Status__c: status === 'Synced' ? 'Synced' : 'Failed',
                        Closebooks_Sync_Message__c:
                            status === 'Synced' ? null : status.failed.slice(0, 255)
                    }
                }
            ],
            correlationId: meta.correlationId ?? undefined,
            nowMs: deps.clock.now()
        });
        deps.onWriteback?.(connectionId);
    }

    async function run(
        connectionId: string,
        event: { recordId: string; type: string; changedFields?: string[] | undefined },
        ctx: JobContext,
        meta: Meta
    ) {
        const { recordId: accountId, type } = event;
        const settings = await deps.settings.get(connectionId);
        if (!settings.customerSyncEnabled) {
            ctx.log.info('customer sync is switched off: event ignored');
            return;
        }
        const link = await findBySalesforceId(deps.db, connectionId, 'customer', accountId);
        if (!link && type === 'account.changed' && !settings.customerEntryCondition) {
            ctx.log.info({ accountId }, 'account not linked: waits for its first invoice');
            return;
        }
        if (
            await sync.buried(connectionId, {
                accountId,
                ...(link ? { contactId: link.zohoId } : {})
            })
        ) {
            ctx.log.info({ accountId }, 'account has a tombstone: not synced');
            return;
        }
        const pair = await sync.pairContext(connectionId, link?.zohoOrganizationId);
        const row = await sync.account(connectionId, pair, accountId);
        if (!row)
            throw new CustomerJobError(
                'account_not_found',
                `Account ${accountId} does not exist or the integration user cannot see it`
            );
        if (row.IsDeleted) {
            await sync.accountGone(connectionId, row, link, meta);
            return;
        }
        if (link) {
            // A new billing contact changes no mapped value: its person is made primary here.
            if (
                type === 'account.sync_requested' ||
                event.changedFields?.includes(BILLING_CONTACT_FIELD)
            )
                await deps.persons?.({
                    connectionId,
                    zohoOrganizationId: link.zohoOrganizationId,
                    zohoContactId: link.zohoId,
                    ...meta
                });
            const agreed = await getBaseline(deps.db, connectionId, accountId);
            if (agreed?.contactId === link.zohoId && sync.unchanged(pair, row, agreed.dataHash)) {
                ctx.log.debug({ accountId }, 'mapped values unchanged: nothing to send');
                return;
            }
            const contact = await sync.contactOf(connectionId, pair, link, meta);
            if (!contact) return;
            const outcome = await sync.reconcile(connectionId, pair, row, contact, meta);
            if (row.Closebooks_Sync_Status__c === 'Failed')
                await markStatus(connectionId, accountId, 'Synced', meta);
            ctx.log.info({ accountId, contactId: link.zohoId, ...outcome }, 'customer reconciled');
            return;
        }
        const decision = entryDecision(
            type === 'account.sync_requested' ? 'account.sync_requested' : 'account.changed',
            settings.customerEntryCondition,
            row
        );
        if (!decision.create) {
            ctx.log.info({ accountId, reason: decision.reason }, 'account not made a customer');
            return;
        }
        if (await isAwaitingReview(deps.db, connectionId, accountId)) {
            // Matching it to an existing Zoho customer is a person's call (first-link review).
            ctx.log.info({ accountId }, 'account awaits the customer review: not made a customer');
            return;
        }
        // An Account that absorbed a linked one in a merge takes over its Zoho customer.
        for (const merged of await accountsMergedInto(pair.salesforce, accountId)) {
            const mergedLink = await findBySalesforceId(
                deps.db,
                connectionId,
                'customer',
                merged.Id
            );
            if (!mergedLink) continue;
            await sync.accountGone(connectionId, merged, mergedLink, meta);
            const contact = await sync.contactOf(connectionId, pair, mergedLink, meta);
            if (contact) await sync.reconcile(connectionId, pair, row, contact, meta);
            ctx.log.info({ accountId, merged: merged.Id }, 'merged account took over its customer');
            return;
        }
        const facts = await deps.facts.get(pair.zoho);
        const currency = row.CurrencyIsoCode
            ? facts.currencies.get(row.CurrencyIsoCode.toUpperCase())
            : undefined;
        const body = newCustomerBody({
            rules: pair.rules,
            policies: pair.policies,
            account: row,
            currencyId: currency?.id,
            paymentTermsDays: pair.invoiceSettings.paymentTermsDays
        });
        const { contactId, created } = await ensureCustomer(
            {
                db: deps.db,
                clock: deps.clock,
                keyStillThere: (z) => deps.facts.recheckKey(z, 'contactKey')
            },
            {
                connectionId,
                zoho: pair.zoho,
                accountId,
                body: body as ContactInput,
                contactKey: facts.contactKey,
                ...meta
            }
        );
        deps.onWriteback?.(connectionId);
        if (created) {
            // Zoho holds exactly what was sent: that is the first agreement.
            const values = salesforceValues(pair.rules, pair.policies, row);
            const agreed = Object.fromEntries(
                pair.policies.map((p) => [
                    p.zohoField,
                    mayFlow(p, 'zoho') ? (values[p.zohoField] ?? null) : null
                ])
            );
            await putBaseline(
                deps.db,
                connectionId,
                {
                    accountId,
                    zohoOrganizationId: pair.zoho.organizationId,
                    contactId,
                    agreed,
                    dataHash: valuesHash(pair.policies, agreed)
                },
                deps.clock.now()
            );
        } else {
            // An existing customer was adopted: settle both sides as a first link.
            const contact = await pair.zoho.contacts.get(contactId);
            await sync.reconcile(connectionId, pair, row, contact, meta);
        }
        await deps.persons?.({
            connectionId,
            zohoOrganizationId: pair.zoho.organizationId,
            zohoContactId: contactId,
            ...meta
        });
        if (row.Closebooks_Sync_Status__c === 'Failed')
            await markStatus(connectionId, accountId, 'Synced', meta);
        ctx.log.info({ accountId, contactId, created }, 'account made a Zoho customer');
    }

    async function handle(job: Job, ctx: JobContext): Promise<void> {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId)
            throw new CustomerJobError(
                'customer_job_malformed',
                `job ${job.id} has no valid event`
            );
        const { event } = payload.data;
        if (event.objectType !== 'Account')
            throw new CustomerJobError(
                'customer_source_unsupported',
                `a customer sync cannot come from a ${event.objectType} record`
            );
        const meta = { actor: `job:${job.id}`, correlationId: job.correlationId };
        try {
            await run(job.connectionId, event, ctx, meta);
        } catch (error) {
            if (!(error instanceof ZohoValidationError)) throw error;
            const message = `Zoho Books refused the customer: ${error.message}`;
            await markStatus(job.connectionId, event.recordId, { failed: message }, meta);
            throw new CustomerJobError('customer_refused', message);
        }
    }

    return { handle };
}
