import { SALESFORCE_ID_FIELD } from '../sandbox/demo/seed.ts';
import type { SalesforceSandbox } from '../sandbox/salesforce/salesforce-sandbox.ts';
import { buildDocument, totalsOf } from '../sandbox/zoho/sales.ts';
import type { Invoice } from '../sandbox/zoho/state.ts';
import type { ZohoSandbox } from '../sandbox/zoho/zoho-sandbox.ts';

/**
 * A year-end ledger for the reconciliation benchmark, seeded straight into both simulators'
 * stores (100k invoices through the Books API would take longer than the run it measures):
 * Zoho invoices built by the simulator's own document code, as its create route stores them
 * (sent, numbered from the org's counter, keyed by the opportunity), and their
 * `Zoho_Invoice__c` mirrors in Salesforce, inserted in one seed transaction. Three kinds of
 * mismatch are planted, `planted` of each: a mirror whose total differs, a Zoho invoice with no
 * mirror, and a mirror of an invoice Zoho does not have.
 */

export type LedgerPlan = {
    invoices: number;
    /** Mismatches of each kind (default 3). */
    planted?: number;
    /** Invoice date of every invoice, `yyyy-mm-dd`: also when each was last modified. */
    date: string;
    /** Due date of every invoice, `yyyy-mm-dd` (on or after `date`). */
    dueDate: string;
    customerId: string;
    itemId: string;
    /** The customer's Salesforce Account. */
    accountId: string;
};

export type PlantedMismatches = {
    differs: string[];
    missingInSalesforce: string[];
    missingInZoho: string[];
};

const MIRROR_BATCH = 10_000;

/** A fake but well-formed 18-character Opportunity id for the key of invoice `n`. */
const opportunityKey = (n: number) => `006BENCH${n.toString(36).padStart(10, '0')}`;
/** A Zoho-looking id no invoice has (the simulator's ids start at 46…). */
const absentInvoiceId = (n: number) => `3900000000000${String(n).padStart(6, '0')}`;

/** Puts `plan.invoices` invoices in Zoho organization `orgId`; answers them in order. */
export function seedZohoInvoices(zoho: ZohoSandbox, orgId: string, plan: LedgerPlan): Invoice[] {
    const data = zoho.state.orgs.get(orgId);
    if (!data) throw new RangeError(`unknown Zoho organization ${orgId}`);
    // A ledger built up over time, not made now: each invoice was last touched on its date.
    const issued = Math.min(zoho.clock.now(), Date.parse(`${plan.date}T09:00:00Z`));
    const out: Invoice[] = [];
    for (let n = 0; n < plan.invoices; n++) {
        data.org.counters.invoice += 1;
        const number = `${data.org.invoicePrefix}${String(data.org.counters.invoice).padStart(6, '0')}`;
        const key = opportunityKey(n);
        const doc = buildDocument(
            data,
            {
                customer_id: plan.customerId,
                reference_number: key,
                date: plan.date,
                due_date: plan.dueDate,
                line_items: [{ item_id: plan.itemId, rate: 100 + (n % 900), quantity: 1 }],
                custom_fields: [{ api_name: SALESFORCE_ID_FIELD, value: key }]
            },
            {
                id: zoho.state.nextId(),
                number,
                now: issued,
                nextId: zoho.state.nextId,
                entity: 'invoice'
            }
        );
        totalsOf(data, doc);
        const invoice: Invoice = { ...doc, status: 'sent', applied: [] };
        data.invoices.set(invoice.id, invoice);
        out.push(invoice);
    }
    return out;
}

/**
 * Mirrors the invoices in Salesforce org `orgId`, planting the mismatches; answers what was
 * planted (Zoho invoice ids).
 */
export function seedMirrors(
    salesforce: SalesforceSandbox,
    orgId: string,
    zoho: ZohoSandbox,
    zohoOrgId: string,
    invoices: readonly Invoice[],
    plan: LedgerPlan
): PlantedMismatches {
    const data = zoho.state.orgs.get(zohoOrgId);
    if (!data) throw new RangeError(`unknown Zoho organization ${zohoOrgId}`);
    const planted = Math.min(plan.planted ?? 3, Math.floor(invoices.length / 2));
    const differs = invoices.slice(0, planted).map((i) => i.id);
    const unmirrored = invoices.slice(planted, 2 * planted).map((i) => i.id);
    const skip = new Set(unmirrored);
    const drift = new Set(differs);
    const records: { object: string; fields: Record<string, unknown> }[] = [];
    const mirror = (fields: Record<string, unknown>) =>
        records.push({
            object: 'Zoho_Invoice__c',
            fields: { Account__c: plan.accountId, Invoice_Date__c: plan.date, ...fields }
        });
    for (const invoice of invoices) {
        if (skip.has(invoice.id)) continue;
        const { total, taxTotal } = totalsOf(data, invoice);
        mirror({
            Name: invoice.number,
            Zoho_Invoice_Id__c: invoice.id,
            Invoice_Number__c: invoice.number,
            Currency_Code__c: 'USD',
            Total__c: drift.has(invoice.id) ? total + 1 : total,
            Tax_Total__c: taxTotal,
            Balance__c: drift.has(invoice.id) ? total + 1 : total
        });
    }
    const missingInZoho = Array.from({ length: planted }, (_, n) => absentInvoiceId(n));
    for (const id of missingInZoho)
        mirror({
            Name: `GONE-${id.slice(-6)}`,
            Zoho_Invoice_Id__c: id,
            Invoice_Number__c: `GONE-${id.slice(-6)}`,
            Currency_Code__c: 'USD',
            Total__c: 1,
            Tax_Total__c: 0,
            Balance__c: 1
        });
    for (let i = 0; i < records.length; i += MIRROR_BATCH)
        salesforce.seed(orgId, { records: records.slice(i, i + MIRROR_BATCH) });
    return { differs, missingInSalesforce: unmirrored, missingInZoho };
}
