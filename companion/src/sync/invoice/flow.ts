import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { salesforceEventSchema } from '../../contracts/salesforce-events.ts';
import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/worker.ts';
import type { Logger } from '../../log.ts';
import { compositeQueries } from '../../salesforce/composite.ts';
import { Soql, soql, soqlId } from '../../salesforce/soql.ts';
import type { Db, Queryable } from '../../store/db.ts';
import type { Job } from '../../store/jobs.ts';
import { digestRequest, recordWrite, type JournalEntry } from '../../store/journal.ts';
import { findBySalesforceId, saveLink, type LinkKind } from '../../store/links.ts';
import { enqueueWriteback, type WritebackRecord } from '../../store/writebacks.ts';
import type { ZohoClient } from '../../zoho/client.ts';
import { ZohoValidationError } from '../../zoho/errors.ts';
import { invoiceWebUrl } from '../../zoho/regions.ts';
import type { InvoiceInput } from '../../zoho/resources/invoices.ts';
import type { Invoice } from '../../zoho/schemas/sales.ts';
import type { ConnectionClients, RegionalZohoClient } from '../clients.ts';
import { ensureCustomer } from '../customer/ensure.ts';
import { isAwaitingReview } from '../customer/first-link/reviews.ts';
import type { ContextCache } from './context.ts';
import type { FactsCache } from './facts.ts';
import { planInvoice, type InvoicePlan, type ReadyPlan, type ZohoFacts } from './plan.ts';
import {
    fieldsForRules,
    readOpportunities,
    readQuote,
    type OpportunitySnapshot,
    type SnapshotCache
} from './snapshot.ts';
import { difference } from './totals.ts';
import { failedWriteback, heldWriteback, invoiceWriteback } from './writeback.ts';
import { ZohoOrganizationNotChosenError } from '../../zoho/organization-choice.ts';
import { upsertByKey, type KeyScope } from '../../zoho/unique-key.ts';
import { keyScopeOf } from '../../store/zoho-organizations.ts';

export const INVOICE_JOB = 'zoho.invoice.create';

const payloadSchema = z.looseObject({
    inboxId: z.string().optional(),
    event: salesforceEventSchema
});

/** The event cannot become an invoice and retrying will not change that. */
export class InvoiceJobError extends AppError {
    constructor(code: string, message: string) {
        super(code, message, { retryable: false });
    }
}

export type InvoiceFlowDeps = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    contexts: ContextCache;
    facts: FactsCache;
    snapshots: SnapshotCache;
    /** Called after a write-back was queued, so the sender can look sooner. */
    onWriteback?: (connectionId: string) => void;
};

/** How many queued deals one read may take along (five composite queries of 200). */
const PREFETCH = 1_000;

/** The invoice link the rep clicks, in the Books web app of the organization's data centre. */
function invoiceUrl(zoho: RegionalZohoClient, invoiceId: string): string {
    return invoiceWebUrl(zoho.region, zoho.organizationId, invoiceId);
}

export type Prepared = {
    zoho: RegionalZohoClient;
    facts: ZohoFacts;
    snapshot: OpportunitySnapshot;
    plan: InvoicePlan;
};

export function createInvoiceFlow(deps: InvoiceFlowDeps) {
    const multiCurrency = new Map<string, boolean>();
    const nowIso = () => new Date(deps.clock.now()).toISOString();

    /** Other deals of this connection waiting for their invoice, to read along with this one. */
    async function queuedDeals(connectionId: string, except: string): Promise<string[]> {
        const rows = await deps.db.query<{ record_id: string }>(
            `SELECT payload->'event'->>'recordId' AS record_id FROM jobs
             WHERE connection_id = $1 AND kind = $2 AND state IN ('queued', 'retrying')
               AND payload->'event'->>'objectType' = 'Opportunity'
             ORDER BY run_after, id LIMIT $3`,
            [connectionId, INVOICE_JOB, PREFETCH]
        );
        return [...new Set(rows.map((r) => r.record_id).filter((id) => id && id !== except))].slice(
            0,
            PREFETCH - 1
        );
    }

    async function snapshotOf(
        connectionId: string,
        opportunityId: string,
        fresh: boolean
    ): Promise<OpportunitySnapshot> {
        if (!fresh) {
            const hit = deps.snapshots.take(connectionId, opportunityId);
            if (hit) return hit;
        }
        const others = fresh
            ? []
            : (await queuedDeals(connectionId, opportunityId)).filter(
                  (id) => !deps.snapshots.has(connectionId, id)
              );
        const contexts = await deps.contexts.get(connectionId);
        const sf = await deps.clients.salesforce(connectionId);
        const { snapshots, multiCurrency: multi } = await readOpportunities(
            sf,
            [opportunityId, ...others],
            {
                extra: fieldsForRules(contexts.rules),
                multiCurrency: multiCurrency.get(connectionId),
                nowMs: deps.clock.now()
            }
        );
        multiCurrency.set(connectionId, multi);
        deps.log.debug(
            { connectionId, asked: others.length + 1, read: snapshots.length },
            'opportunities read'
        );
        deps.snapshots.put(connectionId, snapshots);
        const mine = deps.snapshots.take(connectionId, opportunityId);
        if (!mine)
            throw new InvoiceJobError(
                'opportunity_not_found',
                `Opportunity ${opportunityId} does not exist or the integration user cannot see it`
            );
        return mine;
    }

    async function itemIdsFor(
        connectionId: string,
        zoho: ZohoClient,
        snapshot: OpportunitySnapshot
    ): Promise<Map<string, string | null>> {
        const ids = new Map<string, string | null>();
        let refreshed = false;
        for (const line of snapshot.lines) {
            const productId = line.Product2Id;
            if (!productId || ids.has(productId)) continue;
            const link = await findBySalesforceId(deps.db, connectionId, 'item', productId);
            const sku = line.Product2?.ProductCode;
            let itemId = link?.zohoId ?? line.Product2?.Zoho_Item_Id__c ?? null;
            if (!itemId && sku) {
                itemId = (await deps.facts.itemBySku(zoho, sku)) ?? null;
                // Before planning to create an item, look at Zoho afresh: an earlier attempt may
                // have created it and lost the answer, and the cached index would not know.
                if (!itemId && !refreshed) {
                    refreshed = true;
                    itemId = (await deps.facts.itemBySku(zoho, sku, { fresh: true })) ?? null;
                }
            }
            ids.set(productId, itemId);
        }
        return ids;
    }

    async function salesforceRate(connectionId: string, snapshot: OpportunitySnapshot) {
        const code = snapshot.row.CurrencyIsoCode;
        if (!code) return null;
        const sf = await deps.clients.salesforce(connectionId);
        const date = snapshot.row.CloseDate;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
        // Both queries in one composite call: one Salesforce API call per invoice, not two.
        const [rates = [], corporate = []] = await compositeQueries(sf, [
            soql`SELECT ConversionRate FROM DatedConversionRate WHERE IsoCode = ${code} AND StartDate <= ${new Soql(date)} AND NextStartDate > ${new Soql(date)} LIMIT 1`,
            soql`SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true LIMIT 1`
        ]);
        const rate = (rates[0] as { ConversionRate?: number } | undefined)?.ConversionRate;
        const corporateCurrency = (corporate[0] as { IsoCode?: string } | undefined)?.IsoCode;
        return rate && corporateCurrency ? { rate, corporateCurrency } : null;
    }

    async function quoteSnapshot(
        connectionId: string,
        quoteId: string
    ): Promise<OpportunitySnapshot> {
        const contexts = await deps.contexts.get(connectionId);
        const sf = await deps.clients.salesforce(connectionId);
        const snapshot = await readQuote(sf, quoteId, {
            extra: fieldsForRules(contexts.rules),
            multiCurrency: multiCurrency.get(connectionId) ?? true,
            nowMs: deps.clock.now()
        });
        if (!snapshot)
            throw new InvoiceJobError(
                'quote_not_found',
                `Quote ${quoteId} does not exist or the integration user cannot see it`
            );
        return snapshot;
    }

    /** With invoices following accepted quotes, "Create invoice" on a deal uses its accepted quote. */
    async function acceptedQuoteOf(connectionId: string, opportunityId: string) {
        const sf = await deps.clients.salesforce(connectionId);
        const [rows = []] = await compositeQueries(sf, [
            soql`SELECT Id FROM Quote WHERE OpportunityId = ${soqlId(opportunityId)} AND Status = ${'Accepted'} ORDER BY LastModifiedDate DESC LIMIT 1`
        ]);
        const row = rows[0] as { Id?: unknown } | undefined;
        return typeof row?.Id === 'string' ? row.Id : undefined;
    }

    /** Everything up to the plan; reads only (Salesforce snapshot, cached facts, lookups). */
    async function prepare(
        connectionId: string,
        opportunityId: string,
        options: { fresh: boolean; snapshot?: OpportunitySnapshot }
    ): Promise<Prepared> {
        if (options.fresh) deps.contexts.invalidate(connectionId);
        const context = await deps.contexts.get(connectionId);
        const snapshot =
            options.snapshot ?? (await snapshotOf(connectionId, opportunityId, options.fresh));
        const zoho = await deps.clients.zoho(connectionId);
        const facts = await deps.facts.get(zoho, { fresh: options.fresh });
        const accountId = snapshot.row.AccountId;
        const customerLink = accountId
            ? await findBySalesforceId(deps.db, connectionId, 'customer', accountId)
            : undefined;
        const needsSalesforceRate =
            context.settings.exchangeRateSource === 'Salesforce' &&
            (snapshot.row.CurrencyIsoCode ?? facts.baseCurrency.code).toUpperCase() !==
                facts.baseCurrency.code;
        const plan = planInvoice({
            snapshot,
            rules: context.rules,
            facts,
            settings: context.settings,
            customerId: customerLink?.zohoId ?? snapshot.row.Account?.Zoho_Contact_Id__c ?? null,
            itemIds: await itemIdsFor(connectionId, zoho, snapshot),
            salesforceRate: needsSalesforceRate
                ? await salesforceRate(connectionId, snapshot)
                : null
        });
        return { zoho, facts, snapshot, plan };
    }

    function journal(
        q: Queryable,
        entry: Omit<JournalEntry, 'target'> & { target?: 'zoho' | 'salesforce' }
    ) {
        return recordWrite(q, { target: 'zoho', ...entry });
    }

    async function link(
        q: Queryable,
        connectionId: string,
        zoho: ZohoClient,
        kind: LinkKind,
        salesforceId: string,
        zohoId: string
    ) {
        await saveLink(q, {
            connectionId,
            kind,
            salesforceId,
            zohoOrganizationId: zoho.organizationId,
            zohoId,
            dataHash: null
        });
    }

    /**
     * Whether an upsert's refusal means the key field is gone: decided by the organization's
     * field settings, read again, not by the wording of Zoho's message. A refusal while the
     * field is still there is about the body, and stays an error.
     */
    async function keyGone(
        zoho: RegionalZohoClient,
        which: 'invoiceKey' | 'contactKey',
        error: unknown
    ): Promise<boolean> {
        if (!(error instanceof ZohoValidationError)) return false;
        return !(await deps.facts.recheckKey(zoho, which));
    }

    /** The deal's customer: the linked one, or the Account made a Zoho customer (shared path). */
    async function customerOf(
        connectionId: string,
        prepared: Prepared & { plan: ReadyPlan },
        actor: string,
        correlationId: string | null
    ): Promise<string> {
        const { plan, zoho } = prepared;
        if ('id' in plan.customer) return plan.customer.id;
        const { contactId } = await ensureCustomer(
            {
                db: deps.db,
                clock: deps.clock,
                keyStillThere: (z) => deps.facts.recheckKey(z, 'contactKey')
            },
            {
                connectionId,
                zoho,
                accountId: plan.accountId,
                body: plan.customer.create,
                contactKey: prepared.facts.contactKey,
                actor,
                correlationId
            }
        );
        return contactId;
    }

    async function ensureItems(
        connectionId: string,
        prepared: Prepared & { plan: ReadyPlan },
        actor: string,
        correlationId: string | null
    ): Promise<Map<string, string>> {
        const { plan, zoho } = prepared;
        const created = new Map<string, string>();
        for (const { productId, body } of plan.itemsToCreate) {
            const item = await zoho.items.create(body);
            created.set(productId, item.item_id);
            if (body.sku) await deps.facts.rememberItem(zoho, body.sku, item.item_id);
            await deps.db.transaction(async (tx) => {
                await link(tx, connectionId, zoho, 'item', productId, item.item_id);
                await journal(tx, {
                    connectionId,
                    correlationId,
                    actor,
                    operation: 'zoho.item.create',
                    subject: item.item_id,
                    requestDigest: digestRequest(body),
                    outcome: 'ok',
                    detail: { productId }
                });
                await enqueueWriteback(tx, {
                    connectionId,
                    subject: `product:${productId}`,
                    records: [
                        {
                            op: 'update',
                            sobject: 'Product2',
                            fields: { Id: productId, Zoho_Item_Id__c: item.item_id }
                        }
                    ],
                    correlationId: correlationId ?? undefined,
                    nowMs: deps.clock.now()
                });
            });
        }
        return created;
    }

    /** The invoice request exactly as it will be sent (ids of records still to create shown as such). */
    function invoiceRequest(
        plan: ReadyPlan,
        customerId: string,
        itemIds: ReadonlyMap<string, string>
    ): InvoiceInput {
        return {
            ...plan.invoice,
            customer_id: customerId,
            line_items: plan.lines.map((l, i) => ({
                item_id:
                    l.itemId ?? itemIds.get(l.productId) ?? `(new item for product ${l.productId})`,
                item_order: i + 1,
                ...l.body
            }))
        };
    }

    /** Creates the invoice once: by unique key when Zoho has it, else after a search by reference. */
    async function createInvoice(
        connectionId: string,
        prepared: Prepared & { plan: ReadyPlan },
        body: InvoiceInput
    ): Promise<{ invoice: Invoice; created: boolean }> {
        const { zoho, plan } = prepared;
        const key = prepared.facts.invoiceKey;
        if (key) {
            try {
                return await upsertByKey(
                    await keyScope(connectionId),
                    plan.opportunityId,
                    (found) => zoho.invoices.upsertByUniqueField({ key, body, ...found })
                );
            } catch (error) {
                if (!(await keyGone(zoho, 'invoiceKey', error))) throw error;
            }
        }
        const found = await zoho.invoices.findByReference(plan.opportunityId);
        if (found.length > 0)
            return { invoice: await zoho.invoices.get(found[0]!.invoice_id), created: false };
        return {
            invoice: await zoho.invoices.create({ ...body, reference_number: plan.opportunityId }),
            created: true
        };
    }

    /** Whose ids the connection's unique-field values carry (the org id, legacy keys). */
    function keyScope(connectionId: string): Promise<KeyScope> {
        return keyScopeOf(deps.db, connectionId);
    }

    async function hold(
        connectionId: string,
        opportunityId: string,
        accountId: string | null,
        reasons: readonly string[],
        actor: string,
        correlationId: string | null
    ) {
        await deps.db.transaction(async (tx) => {
            await journal(tx, {
                connectionId,
                correlationId,
                actor,
                target: 'salesforce',
                operation: 'invoice.hold',
                subject: opportunityId,
                requestDigest: digestRequest(reasons),
                outcome: 'ok',
                detail: { reasons }
            });
            await enqueueWriteback(tx, {
                connectionId,
                subject: `invoice:${opportunityId}`,
                records: heldWriteback({ opportunityId, accountId, reasons, nowIso: nowIso() }),
                correlationId: correlationId ?? undefined,
                nowMs: deps.clock.now()
            });
        });
        deps.onWriteback?.(connectionId);
    }

    async function recordInvoice(
        connectionId: string,
        prepared: Prepared & { plan: ReadyPlan },
        result: { invoice: Invoice; created: boolean },
        request: InvoiceInput,
        actor: string,
        correlationId: string | null
    ) {
        const { plan, zoho } = prepared;
        const invoice = result.invoice;
        const drift = difference(invoice.total, plan.expected.total, plan.precision);
        const records: WritebackRecord[] = invoiceWriteback({
            opportunityId: plan.opportunityId,
            accountId: plan.accountId,
            invoice,
            invoiceUrl: invoiceUrl(zoho, invoice.invoice_id),
            drift,
            nowIso: nowIso()
        });
        await deps.db.transaction(async (tx) => {
            await link(tx, connectionId, zoho, 'invoice', plan.opportunityId, invoice.invoice_id);
            await journal(tx, {
                connectionId,
                correlationId,
                actor,
                operation: result.created ? 'zoho.invoice.create' : 'zoho.invoice.adopt',
                subject: invoice.invoice_id,
                requestDigest: digestRequest(request),
                outcome: 'ok',
                detail: {
                    opportunityId: plan.opportunityId,
                    invoiceNumber: invoice.invoice_number,
                    total: invoice.total,
                    expectedTotal: plan.expected.total,
                    drift,
                    warnings: plan.warnings
                }
            });
            await enqueueWriteback(tx, {
                connectionId,
                subject: `invoice:${plan.opportunityId}`,
                records,
                correlationId: correlationId ?? undefined,
                nowMs: deps.clock.now()
            });
        });
        if (drift !== 0)
            deps.log.warn(
                { opportunityId: plan.opportunityId, invoiceId: invoice.invoice_id, drift },
                'invoice total drifts from Salesforce'
            );
        deps.onWriteback?.(connectionId);
    }

    /** An invoice already exists for the deal: refresh what Salesforce shows of it. */
    async function refreshExisting(
        connectionId: string,
        opportunityId: string,
        invoiceId: string,
        actor: string,
        correlationId: string | null
    ) {
        const zoho = await deps.clients.zoho(connectionId);
        const invoice = await zoho.invoices.get(invoiceId);
        const snapshot = await snapshotOf(connectionId, opportunityId, true);
        await deps.db.transaction(async (tx) => {
            await journal(tx, {
                connectionId,
                correlationId,
                actor,
                target: 'salesforce',
                operation: 'invoice.refresh',
                subject: invoiceId,
                requestDigest: digestRequest({ opportunityId, invoiceId }),
                outcome: 'ok'
            });
            await enqueueWriteback(tx, {
                connectionId,
                subject: `invoice:${opportunityId}`,
                records: invoiceWriteback({
                    opportunityId,
                    accountId: snapshot.row.AccountId ?? '',
                    invoice,
                    invoiceUrl: invoiceUrl(zoho, invoiceId),
                    drift: 0,
                    nowIso: nowIso()
                }).filter((r) => r.sobject !== 'Zoho_Invoice__c' || snapshot.row.AccountId),
                correlationId: correlationId ?? undefined,
                nowMs: deps.clock.now()
            });
        });
        deps.onWriteback?.(connectionId);
    }

    /** The job handler: one won deal (or resync request) → one invoice, or a held deal. */
    async function handle(job: Job, ctx: JobContext): Promise<void> {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId)
            throw new InvoiceJobError('invoice_job_malformed', `job ${job.id} has no valid event`);
        const { event } = payload.data;
        const connectionId = job.connectionId;
        const actor = `job:${job.id}`;
        const correlationId = job.correlationId;
        if (event.objectType !== 'Opportunity' && event.objectType !== 'Quote')
            throw new InvoiceJobError(
                'invoice_source_unsupported',
                `an invoice cannot come from a ${event.objectType} record`
            );
        // The package sends only what its Invoice Trigger setting asks for; an event of the other
        // kind (an older package, a simulator) is acknowledged and left alone.
        const { settings } = await deps.contexts.get(connectionId);
        const wanted =
            event.type === 'invoice.requested' ||
            (event.type === 'quote.accepted') === (settings.trigger === 'Quote_Accepted');
        if (!wanted) {
            ctx.log.info(
                { type: event.type, recordId: event.recordId, trigger: settings.trigger },
                'event ignored: the invoice trigger is set to the other source'
            );
            return;
        }
        const quoteId =
            event.objectType === 'Quote'
                ? event.recordId
                : event.type === 'invoice.requested' && settings.trigger === 'Quote_Accepted'
                  ? await acceptedQuoteOf(connectionId, event.recordId)
                  : undefined;
        const quote = quoteId ? await quoteSnapshot(connectionId, quoteId) : undefined;
        const opportunityId = quote?.id ?? event.recordId;
        const resync = event.type === 'invoice.requested';
        const existing = await findBySalesforceId(deps.db, connectionId, 'invoice', opportunityId);
        if (existing) {
            if (resync)
                await refreshExisting(
                    connectionId,
                    opportunityId,
                    existing.zohoId,
                    actor,
                    correlationId
                );
            else
                ctx.log.info(
                    { opportunityId, invoiceId: existing.zohoId },
                    'invoice already exists'
                );
            return;
        }
        let prepared: Prepared;
        try {
            prepared = await prepare(connectionId, opportunityId, {
                fresh: resync,
                ...(quote ? { snapshot: quote } : {})
            });
        } catch (error) {
            if (!(error instanceof ZohoOrganizationNotChosenError)) throw error;
            // Several organizations and none chosen: never an arbitrary one; the deal waits for
            // the choice and a "Resync".
            ctx.log.info({ opportunityId, reason: error.message }, 'invoice held');
            await hold(connectionId, opportunityId, null, [error.message], actor, correlationId);
            return;
        }
        const { plan } = prepared;
        if (plan.kind === 'held') {
            ctx.log.info({ opportunityId, reasons: plan.reasons }, 'invoice held');
            await hold(
                connectionId,
                opportunityId,
                prepared.snapshot.row.AccountId ?? null,
                plan.reasons,
                actor,
                correlationId
            );
            return;
        }
        const ready = { ...prepared, plan };
        if (
            !('id' in plan.customer) &&
            (await isAwaitingReview(deps.db, connectionId, plan.accountId))
        ) {
            // A person is matching this Account to an existing Zoho customer: creating one now
            // would be the duplicate the review exists to prevent.
            await hold(
                connectionId,
                opportunityId,
                plan.accountId,
                [
                    'The account waits in the customer review queue to be matched to an existing Zoho customer; resolve it there, then resync.'
                ],
                actor,
                correlationId
            );
            return;
        }
        const customerId = await customerOf(connectionId, ready, actor, correlationId);
        const itemIds = await ensureItems(connectionId, ready, actor, correlationId);
        const request = invoiceRequest(plan, customerId, itemIds);
        let result: { invoice: Invoice; created: boolean };
        try {
            result = await createInvoice(connectionId, ready, request);
        } catch (error) {
            if (!(error instanceof ZohoValidationError)) throw error;
            // Zoho refused the request itself (e.g. the customer is billed in another currency):
            // retrying the same request cannot help; the deal is held with Zoho's words.
            await hold(
                connectionId,
                opportunityId,
                plan.accountId,
                [`Zoho Books refused the invoice: ${error.message}`],
                actor,
                correlationId
            );
            return;
        }
        await recordInvoice(connectionId, ready, result, request, actor, correlationId);
        ctx.log.info(
            { opportunityId, invoiceId: result.invoice.invoice_id, created: result.created },
            'invoice created'
        );
    }

    /**
     * The dry run: the plan, the exact Zoho request and the Salesforce write-back it would lead
     * to (values Zoho assigns, such as the number, shown as placeholders); writes nothing.
     */
    async function preview(connectionId: string, opportunityId: string) {
        const prepared = await prepare(connectionId, opportunityId, { fresh: true });
        const { plan } = prepared;
        if (plan.kind === 'held')
            return {
                plan,
                request: null,
                writeback: heldWriteback({
                    opportunityId,
                    accountId: prepared.snapshot.row.AccountId ?? null,
                    reasons: plan.reasons,
                    nowIso: nowIso()
                })
            };
        const customerId =
            'id' in plan.customer ? plan.customer.id : '(new customer from the account)';
        const request = invoiceRequest(plan, customerId, new Map());
        const assigned = '(assigned by Zoho)';
        const placeholder = {
            invoice_id: assigned,
            invoice_number: assigned,
            status: 'draft',
            currency_code: plan.currencyCode,
            date: typeof request.date === 'string' ? request.date : prepared.snapshot.row.CloseDate,
            sub_total: plan.expected.subTotal,
            tax_total: plan.expected.taxTotal,
            total: plan.expected.total,
            balance: plan.expected.total
        } as Invoice;
        const writeback = invoiceWriteback({
            opportunityId,
            accountId: plan.accountId,
            invoice: placeholder,
            invoiceUrl: assigned,
            drift: 0,
            nowIso: nowIso()
        });
        return { plan, request, writeback };
    }

    /**
     * The job for a deal is a dead letter: the Opportunity shows Failed with the reason, unless
     * an invoice exists for it after all. Quote events name the quote, not the deal: those
     * stay in the dead letters only.
     */
    async function reportDead(job: Job, message: string): Promise<void> {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId) return;
        const { event } = payload.data;
        if (event.objectType !== 'Opportunity' || !/^006/.test(event.recordId)) return;
        if (await findBySalesforceId(deps.db, job.connectionId, 'invoice', event.recordId)) return;
        await enqueueWriteback(deps.db, {
            connectionId: job.connectionId,
            subject: `invoice:${event.recordId}`,
            records: failedWriteback({
                opportunityId: event.recordId,
                error: message,
                nowIso: nowIso()
            }),
            correlationId: job.correlationId ?? undefined,
            nowMs: deps.clock.now()
        });
        deps.onWriteback?.(job.connectionId);
    }

    return { handle, prepare, preview, reportDead };
}
