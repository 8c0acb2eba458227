import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { queryPages } from '../../salesforce/query.ts';
import { Soql, soql } from '../../salesforce/soql.ts';
import type { Db } from '../../store/db.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';
import type { ConnectionClients } from '../clients.ts';
import { addDays } from '../collections/overdue.ts';
import { accountsForCustomers } from '../payments/accounts.ts';
import { completeRows } from '../zoho-rows.ts';
import {
    reconcile,
    type MirrorFacts,
    type ReconciliationReport,
    type WonDealFacts,
    type ZohoInvoiceFacts
} from './compare.ts';
import { salesforceKeyOf } from './key.ts';

/** When no `since` is given: the last 90 days. */
const DEFAULT_DAYS = 90;
/** Invoices named by Salesforce but outside Zoho's dated list, read one by one at most. */
const MAX_SINGLE_READS = 500;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const mirrorSchema = z.looseObject({
    Zoho_Invoice_Id__c: z.string(),
    Invoice_Number__c: z.string().nullish(),
    Account__c: z.string().nullish(),
    Opportunity__c: z.string().nullish(),
    Currency_Code__c: z.string().nullish(),
    Total__c: z.number().nullish(),
    Tax_Total__c: z.number().nullish(),
    Balance__c: z.number().nullish()
});
const dealSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    AccountId: z.string().nullish(),
    Zoho_Invoice_Id__c: z.string().nullish()
});

export type Reconciliation = ReconciliationReport & { since: string; organizationId: string };
export type ReconciliationReader = (
    connectionId: string,
    options: { since?: string | undefined }
) => Promise<Reconciliation>;

/** A SOQL date literal (unquoted `yyyy-mm-dd`) from a checked date. */
function soqlDate(date: string): Soql {
    if (!DATE.test(date)) throw new AppError('validation_failed', `not a date: ${date}`);
    return new Soql(date);
}

type ListedInvoice = Omit<ZohoInvoiceFacts, 'accountId'> & { customerId: string };

/** What the report keeps of a Zoho invoice row (the row itself is let go page by page). */
function listedFacts(row: InvoiceRow & { customer_id: string }): ListedInvoice {
    return {
        invoiceId: row.invoice_id,
        number: row.invoice_number,
        key: salesforceKeyOf(row),
        customerId: row.customer_id,
        status: row.status,
        currency: row.currency_code,
        total: row.total,
        tax: row.tax_total ?? 0,
        balance: row.balance
    };
}

const mirrorFacts = (m: z.output<typeof mirrorSchema>): MirrorFacts => ({
    zohoInvoiceId: m.Zoho_Invoice_Id__c,
    number: m.Invoice_Number__c ?? null,
    accountId: m.Account__c ?? null,
    opportunityId: m.Opportunity__c ?? null,
    currency: m.Currency_Code__c ?? null,
    total: m.Total__c ?? null,
    tax: m.Tax_Total__c ?? null,
    balance: m.Balance__c ?? null
});

const dealFacts = (d: z.output<typeof dealSchema>): WonDealFacts => ({
    opportunityId: d.Id,
    name: d.Name,
    accountId: d.AccountId ?? null,
    zohoInvoiceId: d.Zoho_Invoice_Id__c ?? null
});

/** Every row of a query, each kept as `keep` makes it, page by page. */
async function readAll<T, K>(
    pages: AsyncIterable<{ records: T[] }>,
    keep: (row: T) => K
): Promise<K[]> {
    const out: K[] = [];
    for await (const page of pages) for (const row of page.records) out.push(keep(row));
    return out;
}

/**
 * Reads both sides of the totals reconciliation for a connection's default Zoho organization:
 * Zoho invoices dated from `since` (every page), the `Zoho_Invoice__c` mirrors dated from then
 * and the won deals closed from then that link an invoice (every queryMore page); invoices
 * Salesforce names that the dated list lacks are read one by one, so a link that points nowhere
 * is told from an invoice dated earlier. Each page is cut down to the figures the comparison
 * needs as it arrives, so a year of invoices is held as small facts, not API rows. Then
 * compares them (`compare.ts`).
 */
export function createReconciliationReader(deps: {
    db: Db;
    clock: Clock;
    clients: ConnectionClients;
}): ReconciliationReader {
    return async (connectionId, options) => {
        const since =
            options.since ??
            addDays(new Date(deps.clock.now()).toISOString().slice(0, 10), -DEFAULT_DAYS);
        const from = soqlDate(since);
        const zoho = await deps.clients.zoho(connectionId);
        const sf = await deps.clients.salesforce(connectionId);
        const complete = async (rows: InvoiceRow[]) =>
            (
                await completeRows(
                    rows,
                    ['customer_id'],
                    (i) => i.invoice_id,
                    (id) => zoho.invoices.get(id)
                )
            ).map(listedFacts);
        const listed: ListedInvoice[] = [];
        for await (const row of zoho.invoices.listAll({ date_start: since }))
            listed.push(...(await complete([row])));
        const mirrors = await readAll(
            queryPages(
                sf,
                soql`SELECT Zoho_Invoice_Id__c, Invoice_Number__c, Account__c, Opportunity__c, Currency_Code__c, Total__c, Tax_Total__c, Balance__c FROM Zoho_Invoice__c WHERE Invoice_Date__c >= ${from}`,
                mirrorSchema
            ),
            mirrorFacts
        );
        const deals = await readAll(
            queryPages(
                sf,
                soql`SELECT Id, Name, AccountId, Zoho_Invoice_Id__c FROM Opportunity WHERE IsWon = ${true} AND Zoho_Invoice_Id__c != ${null} AND CloseDate >= ${from}`,
                dealSchema
            ),
            dealFacts
        );

        const known = new Set(listed.map((i) => i.invoiceId));
        const named = [
            ...new Set([
                ...mirrors.map((m) => m.zohoInvoiceId),
                ...deals.map((d) => d.zohoInvoiceId ?? '')
            ])
        ].filter((id) => id !== '' && !known.has(id));
        known.clear();
        if (named.length > MAX_SINGLE_READS)
            throw new AppError(
                'reconciliation_too_large',
                `${named.length} invoices named in Salesforce are outside Zoho's list from ${since}: choose a later since`
            );
        for (const id of named) {
            try {
                listed.push(...(await complete([await zoho.invoices.get(id)])));
            } catch (error) {
                if (!(error instanceof ZohoNotFoundError)) throw error;
            }
        }
        const accounts = await accountsForCustomers(
            deps.db,
            async () => sf,
            { connectionId, zohoOrganizationId: zoho.organizationId },
            [...new Set(listed.map((i) => i.customerId))]
        );
        const report = reconcile({
            zoho: listed.map(({ customerId, ...facts }) => ({
                ...facts,
                accountId: accounts.get(customerId) ?? null
            })),
            mirrors,
            deals
        });
        return { since, organizationId: zoho.organizationId, ...report };
    };
}
