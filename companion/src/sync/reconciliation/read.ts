import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { queryPages } from '../../salesforce/query.ts';
import { Soql, soql } from '../../salesforce/soql.ts';
import type { Db } from '../../store/db.ts';
import {
    withReconciliationStage,
    type ReconciliationStage,
    type StagedZohoInvoice
} from '../../store/reconciliation-stage.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import { PER_PAGE } from '../../zoho/resources/common.ts';
import type { InvoiceRow } from '../../zoho/schemas/sales.ts';
import type { ConnectionClients } from '../clients.ts';
import { addDays } from '../collections/overdue.ts';
import { accountsForCustomers } from '../payments/accounts.ts';
import { completeRows } from '../zoho-rows.ts';
import {
    createReportBuilder,
    type MirrorFacts,
    type ReconciliationReport,
    type WonDealFacts
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

/** What the stage keeps of a Zoho invoice row (the row itself is let go page by page). */
function listedFacts(row: InvoiceRow & { customer_id: string }): StagedZohoInvoice {
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

type Side = {
    zoho: Awaited<ReturnType<ConnectionClients['zoho']>>;
    sf: Awaited<ReturnType<ConnectionClients['salesforce']>>;
};

/** Zoho's side, as the stage holds it: whole rows never outlive their page. */
function zohoStager(stage: ReconciliationStage, { zoho }: Side) {
    return async (rows: readonly InvoiceRow[]) =>
        stage.addZohoInvoices(
            (
                await completeRows(
                    rows,
                    ['customer_id'],
                    (i) => i.invoice_id,
                    (id) => zoho.invoices.get(id)
                )
            ).map(listedFacts)
        );
}

/**
 * Stages both sides: Zoho's dated list 200 invoices at a time, the mirrors and won deals a
 * queryMore page (up to 2,000) at a time, then the invoices Salesforce names that the list lacks,
 * read one by one, then the Account of each Zoho customer, 1,000 customers at a time.
 */
async function stageSides(
    stage: ReconciliationStage,
    side: Side,
    key: { connectionId: string; db: Db; since: string; from: Soql }
): Promise<void> {
    const { zoho, sf } = side;
    const { from } = key;
    const stageZoho = zohoStager(stage, side);
    let page: InvoiceRow[] = [];
    for await (const row of zoho.invoices.listAll({ date_start: key.since })) {
        page.push(row);
        if (page.length < PER_PAGE) continue;
        await stageZoho(page);
        page = [];
    }
    await stageZoho(page);
    for await (const mirrors of queryPages(
        sf,
        soql`SELECT Zoho_Invoice_Id__c, Invoice_Number__c, Account__c, Opportunity__c, Currency_Code__c, Total__c, Tax_Total__c, Balance__c FROM Zoho_Invoice__c WHERE Invoice_Date__c >= ${from}`,
        mirrorSchema
    ))
        await stage.addMirrors(mirrors.records.map(mirrorFacts));
    for await (const deals of queryPages(
        sf,
        soql`SELECT Id, Name, AccountId, Zoho_Invoice_Id__c FROM Opportunity WHERE IsWon = ${true} AND Zoho_Invoice_Id__c != ${null} AND CloseDate >= ${from}`,
        dealSchema
    ))
        await stage.addDeals(deals.records.map(dealFacts));

    const named = await stage.namedOutsideZoho(MAX_SINGLE_READS);
    if (named.count > MAX_SINGLE_READS)
        throw new AppError(
            'reconciliation_too_large',
            `${named.count} invoices named in Salesforce are outside Zoho's list from ${key.since}: choose a later since`
        );
    for (const id of named.ids) {
        try {
            await stageZoho([await zoho.invoices.get(id)]);
        } catch (error) {
            if (!(error instanceof ZohoNotFoundError)) throw error;
        }
    }
    for await (const customers of stage.customers())
        await stage.addAccounts(
            await accountsForCustomers(
                key.db,
                async () => sf,
                { connectionId: key.connectionId, zohoOrganizationId: zoho.organizationId },
                customers
            )
        );
}

/** The comparison, streamed over the stage into the report builder (`compare.ts`). */
export async function compareStaged(stage: ReconciliationStage): Promise<ReconciliationReport> {
    const report = createReportBuilder();
    for await (const { mirror, zoho } of stage.mirrored()) report.mirror(mirror, zoho);
    for await (const { zoho, dealAccountId } of stage.unmirrored())
        report.unmirrored(zoho, dealAccountId);
    for await (const deal of stage.brokenLinks()) report.brokenLink(deal);
    return report.finish(await stage.counts());
}

/**
 * Reads both sides of the totals reconciliation for a connection's default Zoho organization:
 * Zoho invoices dated from `since` (every page), the `Zoho_Invoice__c` mirrors dated from then
 * and the won deals closed from then that link an invoice (every queryMore page); invoices
 * Salesforce names that the dated list lacks are read one by one, so a link that points nowhere
 * is told from an invoice dated earlier. Each page is cut down to the figures the comparison
 * needs and staged in the store as it arrives (`store/reconciliation-stage.ts`), and the
 * comparison is read back joined, a chunk at a time: memory holds a page and the report, not
 * the ledger. The stage is emptied when the reading ends, also when it fails.
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
        const side = {
            zoho: await deps.clients.zoho(connectionId),
            sf: await deps.clients.salesforce(connectionId)
        };
        const report = await withReconciliationStage(deps.db, deps.clock, async (stage) => {
            await stageSides(stage, side, { connectionId, db: deps.db, since, from });
            return compareStaged(stage);
        });
        return { since, organizationId: side.zoho.organizationId, ...report };
    };
}
