import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { queryAll } from '../../salesforce/query.ts';
import { Soql, soql } from '../../salesforce/soql.ts';
import type { Db } from '../../store/db.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import { collect } from '../../zoho/resources/common.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';
import type { ConnectionClients } from '../clients.ts';
import { addDays } from '../collections/overdue.ts';
import { accountsForCustomers } from '../payments/accounts.ts';
import { completeRows } from '../zoho-rows.ts';
import { reconcile, type ReconciliationReport, type ZohoInvoiceFacts } from './compare.ts';
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

/**
 * Reads both sides of the totals reconciliation for a connection's default Zoho organization:
 * Zoho invoices dated from `since` (every page), the `Zoho_Invoice__c` mirrors dated from then
 * and the won deals closed from then that link an invoice (every queryMore page); invoices
 * Salesforce names that the dated list lacks are read one by one, so a link that points nowhere
 * is told from an invoice dated earlier. Then compares them (`compare.ts`).
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
        const listed = await collect(zoho.invoices.listAll({ date_start: since }));
        const mirrors = (
            await queryAll(
                sf,
                soql`SELECT Zoho_Invoice_Id__c, Invoice_Number__c, Account__c, Opportunity__c, Currency_Code__c, Total__c, Tax_Total__c, Balance__c FROM Zoho_Invoice__c WHERE Invoice_Date__c >= ${from}`,
                mirrorSchema
            )
        ).records;
        const deals = (
            await queryAll(
                sf,
                soql`SELECT Id, Name, AccountId, Zoho_Invoice_Id__c FROM Opportunity WHERE IsWon = ${true} AND Zoho_Invoice_Id__c != ${null} AND CloseDate >= ${from}`,
                dealSchema
            )
        ).records;

        const known = new Set(listed.map((i) => i.invoice_id));
        const named = [
            ...new Set([
                ...mirrors.map((m) => m.Zoho_Invoice_Id__c),
                ...deals.map((d) => d.Zoho_Invoice_Id__c ?? '')
            ])
        ].filter((id) => id !== '' && !known.has(id));
        if (named.length > MAX_SINGLE_READS)
            throw new AppError(
                'reconciliation_too_large',
                `${named.length} invoices named in Salesforce are outside Zoho's list from ${since}: choose a later since`
            );
        const extra: InvoiceRow[] = [];
        for (const id of named) {
            try {
                extra.push(await zoho.invoices.get(id));
            } catch (error) {
                if (!(error instanceof ZohoNotFoundError)) throw error;
            }
        }
        const invoices = await completeRows(
            [...listed, ...extra],
            ['customer_id'],
            (i) => i.invoice_id,
            (id) => zoho.invoices.get(id)
        );
        const accounts = await accountsForCustomers(
            deps.db,
            async () => sf,
            { connectionId, zohoOrganizationId: zoho.organizationId },
            invoices.map((i) => i.customer_id)
        );
        const facts: ZohoInvoiceFacts[] = invoices.map((i) => ({
            invoiceId: i.invoice_id,
            number: i.invoice_number,
            key: salesforceKeyOf(i),
            accountId: accounts.get(i.customer_id) ?? null,
            status: i.status,
            currency: i.currency_code,
            total: i.total,
            tax: i.tax_total ?? 0,
            balance: i.balance
        }));
        const report = reconcile({
            zoho: facts,
            mirrors: mirrors.map((m) => ({
                zohoInvoiceId: m.Zoho_Invoice_Id__c,
                number: m.Invoice_Number__c ?? null,
                accountId: m.Account__c ?? null,
                opportunityId: m.Opportunity__c ?? null,
                currency: m.Currency_Code__c ?? null,
                total: m.Total__c ?? null,
                tax: m.Tax_Total__c ?? null,
                balance: m.Balance__c ?? null
            })),
            deals: deals.map((d) => ({
                opportunityId: d.Id,
                name: d.Name,
                accountId: d.AccountId ?? null,
                zohoInvoiceId: d.Zoho_Invoice_Id__c ?? null
            }))
        });
        return { since, organizationId: zoho.organizationId, ...report };
    };
}
