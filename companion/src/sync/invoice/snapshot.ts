import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { compositeQueries } from '../../salesforce/composite.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { SalesforceApiError } from '../../salesforce/errors.ts';
import { soql, soqlFields, soqlId, type Soql } from '../../salesforce/soql.ts';
import { chunk } from '../../salesforce/writes.ts';
import { conditionPaths } from '../mapping/condition.ts';
import type { MappingRule } from '../mapping/rules.ts';

/**
 * What an invoice is made from: the Opportunity as Salesforce returns it, with its Account
 * and its line items (each with its Product2), read in bulk. The raw record is kept for the
 * mapping rules, which may name any field; the typed view holds what the plan itself needs.
 */
const accountSchema = z.looseObject({
    Name: z.string(),
    BillingCountry: z.string().nullish(),
    Zoho_Contact_Id__c: z.string().nullish(),
    CurrencyIsoCode: z.string().nullish()
});

const productSchema = z.looseObject({
    Name: z.string(),
    ProductCode: z.string().nullish(),
    Description: z.string().nullish(),
    Zoho_Item_Id__c: z.string().nullish(),
    Tax_Category__c: z.string().nullish()
});

const lineSchema = z.looseObject({
    Id: z.string(),
    Product2Id: z.string().nullish(),
    Product2: productSchema.nullish(),
    Quantity: z.number(),
    UnitPrice: z.number(),
    Discount: z.number().nullish(),
    TotalPrice: z.number().nullish(),
    Description: z.string().nullish(),
    SortOrder: z.number().nullish()
});

const childrenSchema = z.looseObject({ records: z.array(lineSchema) }).nullish();

export const opportunityRowSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    AccountId: z.string().nullish(),
    Account: accountSchema.nullish(),
    Amount: z.number().nullish(),
    CloseDate: z.string(),
    StageName: z.string(),
    IsWon: z.boolean().optional(),
    CurrencyIsoCode: z.string().nullish(),
    Zoho_Invoice_Id__c: z.string().nullish(),
    OpportunityLineItems: childrenSchema
});
export type OpportunityRow = z.infer<typeof opportunityRowSchema>;
export type LineRow = z.infer<typeof lineSchema>;

export type OpportunitySnapshot = {
    /** The Opportunity the invoice is for (its key in Zoho, whatever the source). */
    id: string;
    row: OpportunityRow;
    /** The lines invoiced: the deal's products, or the accepted quote's. */
    lines: LineRow[];
    lineSource: 'OpportunityLineItem' | 'QuoteLineItem';
    /** When it was read (clock ms). */
    readAtMs: number;
};

const BASE_OPPORTUNITY_FIELDS = [
    'Id',
    'Name',
    'AccountId',
    'Amount',
    'CloseDate',
    'StageName',
    'IsWon',
    'Type',
    'Description',
    'Zoho_Invoice_Id__c',
    'Invoice_Discount__c',
    'Account.Name',
    'Account.BillingStreet',
    'Account.BillingCity',
    'Account.BillingState',
    'Account.BillingPostalCode',
    'Account.BillingCountry',
    'Account.Phone',
    'Account.Website',
    'Account.Zoho_Contact_Id__c'
];
const CURRENCY_FIELDS = ['CurrencyIsoCode', 'Account.CurrencyIsoCode'];
const BASE_LINE_FIELDS = [
    'Id',
    'Product2Id',
    'Quantity',
    'UnitPrice',
    'Discount',
    'TotalPrice',
    'Description',
    'SortOrder',
    'Product2.Name',
    'Product2.ProductCode',
    'Product2.Description',
    'Product2.Zoho_Item_Id__c',
    'Product2.Tax_Category__c'
];

/** Extra fields the mapping rules read, split by where they live. */
export type ExtraFields = { opportunity: string[]; line: string[] };

const API_PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * The fields active mapping rules read (source fields and the fields their conditions name),
 * as paths from the Opportunity query and from its line query.
 */
export function fieldsForRules(
    rules: readonly Pick<MappingRule, 'sourceObject' | 'sourceField' | 'condition' | 'active'>[]
): ExtraFields {
    const opportunity: string[] = [];
    const line: string[] = [];
    for (const rule of rules.filter((r) => r.active)) {
        const source = rule.sourceObject.toLowerCase();
        for (const p of [rule.sourceField, ...conditionPaths(rule.condition)]) {
            if (!API_PATH.test(p)) continue;
            if (source === 'opportunity') opportunity.push(p);
            else if (source === 'account') opportunity.push(`Account.${p}`);
            else if (source === 'opportunitylineitem') {
                if (/^opportunity\./i.test(p)) opportunity.push(p.slice('Opportunity.'.length));
                else line.push(p);
            }
        }
    }
    return { opportunity, line };
}

/** SOQL IN lists stay well under the URL limit at 200 ids. */
const IDS_PER_QUERY = 200;

/** The Opportunity's own fields (with its Account's) that every read takes. */
function opportunityFields(extra: ExtraFields, multiCurrency: boolean): Soql {
    return soqlFields([
        ...BASE_OPPORTUNITY_FIELDS,
        ...(multiCurrency ? CURRENCY_FIELDS : []),
        ...extra.opportunity
    ]);
}

function opportunityQuery(
    ids: readonly string[],
    extra: ExtraFields,
    multiCurrency: boolean
): Soql {
    const fields = opportunityFields(extra, multiCurrency);
    const lineFields = soqlFields([...BASE_LINE_FIELDS, ...extra.line]);
    return soql`SELECT ${fields}, (SELECT ${lineFields} FROM OpportunityLineItems ORDER BY SortOrder) FROM Opportunity WHERE Id IN ${ids.map(soqlId)}`;
}

function toSnapshot(raw: unknown, readAtMs: number): OpportunitySnapshot {
    const parsed = opportunityRowSchema.safeParse(raw);
    if (!parsed.success)
        throw new SalesforceApiError(
            'UNEXPECTED_RESPONSE',
            `an Opportunity row does not match its schema: ${parsed.error.message}`,
            { retryable: false }
        );
    const row = parsed.data;
    const lines = [...(row.OpportunityLineItems?.records ?? [])].sort(
        (a, b) => (a.SortOrder ?? 0) - (b.SortOrder ?? 0)
    );
    return { id: row.Id, row, lines, lineSource: 'OpportunityLineItem', readAtMs };
}

const isCurrencyFieldError = (error: unknown) =>
    error instanceof SalesforceApiError &&
    error.errorCode === 'INVALID_FIELD' &&
    /CurrencyIsoCode/.test(error.message);

/**
 * Reads opportunities in bulk: 200 ids per query, five queries per composite call, so a
 * thousand deals cost one Salesforce API call. Multi-currency is detected once per org (an
 * org without it has no `CurrencyIsoCode`) and remembered.
 */
export async function readOpportunities(
    client: SalesforceClient,
    ids: readonly string[],
    options: { extra: ExtraFields; multiCurrency: boolean | undefined; nowMs: number }
): Promise<{ snapshots: OpportunitySnapshot[]; multiCurrency: boolean }> {
    const run = async (multiCurrency: boolean) => {
        const queries = chunk(ids, IDS_PER_QUERY).map((part) =>
            opportunityQuery(part, options.extra, multiCurrency)
        );
        const pages = await compositeQueries(client, queries);
        return pages.flat().map((raw) => toSnapshot(raw, options.nowMs));
    };
    if (options.multiCurrency !== false) {
        try {
            return { snapshots: await run(true), multiCurrency: true };
        } catch (error) {
            if (options.multiCurrency === true || !isCurrencyFieldError(error)) throw error;
        }
    }
    return { snapshots: await run(false), multiCurrency: false };
}

const QUOTE_LINE_FIELDS = [
    'Id',
    'Product2Id',
    'Quantity',
    'UnitPrice',
    'Discount',
    'TotalPrice',
    'Description',
    'Product2.Name',
    'Product2.ProductCode',
    'Product2.Description',
    'Product2.Zoho_Item_Id__c',
    'Product2.Tax_Category__c'
];

const quoteRowSchema = z.looseObject({
    Id: z.string(),
    OpportunityId: z.string(),
    Status: z.string().nullish(),
    QuoteLineItems: childrenSchema
});

/**
 * Reads accepted quotes for invoicing: each quote's lines with its Opportunity (and Account)
 * in one composite call of two queries. The invoice belongs to the Opportunity, so one deal
 * never gets two invoices whichever of its events arrives; its lines are the quote's.
 */
export async function readQuote(
    client: SalesforceClient,
    quoteId: string,
    options: { extra: ExtraFields; multiCurrency: boolean; nowMs: number }
): Promise<OpportunitySnapshot | undefined> {
    const lineFields = soqlFields([...QUOTE_LINE_FIELDS, ...options.extra.line]);
    const fields = opportunityFields(options.extra, options.multiCurrency);
    const id = soqlId(quoteId);
    const [quotes = [], opportunities = []] = await compositeQueries(client, [
        soql`SELECT Id, OpportunityId, Status, (SELECT ${lineFields} FROM QuoteLineItems) FROM Quote WHERE Id = ${id}`,
        soql`SELECT ${fields} FROM Opportunity WHERE Id IN (SELECT OpportunityId FROM Quote WHERE Id = ${id})`
    ]);
    const quote = quotes[0] === undefined ? undefined : quoteRowSchema.parse(quotes[0]);
    if (!quote || opportunities[0] === undefined) return undefined;
    const deal = toSnapshot(opportunities[0], options.nowMs);
    return { ...deal, lines: quote.QuoteLineItems?.records ?? [], lineSource: 'QuoteLineItem' };
}

/**
 * Per-process cache of snapshots, filled in bulk: the first job of a burst reads its own deal
 * and the deals queued behind it, so the rest find theirs here. Entries live `ttlMs` (the plan
 * reflects the deal as read then) and are dropped once used.
 */
export function createSnapshotCache(deps: { clock: Clock; ttlMs?: number }) {
    const ttlMs = deps.ttlMs ?? 10 * 60_000;
    const entries = new Map<string, OpportunitySnapshot>();
    const key = (connectionId: string, id: string) => `${connectionId}\u0000${id}`;
    return {
        take(connectionId: string, id: string): OpportunitySnapshot | undefined {
            const k = key(connectionId, id);
            const hit = entries.get(k);
            entries.delete(k);
            if (!hit || deps.clock.now() - hit.readAtMs > ttlMs) return undefined;
            return hit;
        },
        put(connectionId: string, snapshots: readonly OpportunitySnapshot[]): void {
            for (const s of snapshots) entries.set(key(connectionId, s.id), s);
        },
        has(connectionId: string, id: string): boolean {
            const hit = entries.get(key(connectionId, id));
            return !!hit && deps.clock.now() - hit.readAtMs <= ttlMs;
        },
        drop(connectionId: string, id: string): void {
            entries.delete(key(connectionId, id));
        }
    };
}
export type SnapshotCache = ReturnType<typeof createSnapshotCache>;
