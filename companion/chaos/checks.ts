/**
 * The end state of a chaos run, judged from both simulators and the companion's journal alone
 * (never from what the companion says of itself): pure, so each verdict has its own test.
 */

type Fields = { readonly [field: string]: unknown };

export type ChaosState = {
    /** `<Salesforce org id>:<record id>`, the upsert key the companion writes. */
    keyOf: (recordId: string) => string;
    opportunityIds: readonly string[];
    opportunities: readonly Fields[];
    zohoInvoices: readonly Fields[];
    zohoContacts: readonly Fields[];
    /** Journal rows of invoice creates and adoptions: subject = Zoho invoice id. */
    journal: readonly { operation: string; subject: string | null; opportunityId: unknown }[];
};

export type ChaosVerdict = {
    deals: number;
    invoices: number;
    /** Deals with more than one Zoho invoice: the extra invoices. */
    duplicateInvoices: number;
    /** Deals with no Zoho invoice. */
    missingInvoices: number;
    /** Deals whose Opportunity does not carry its Zoho invoice id and Synced. */
    notWrittenBack: number;
    /** Zoho customers sharing one Salesforce key: the extra ones. */
    duplicateCustomers: number;
    /** Deals without exactly one journal entry for the invoice Zoho holds. */
    journalGaps: number;
    /** The deals behind the counts above (at most 50), for the diagnosis of a failed run. */
    troubled: string[];
    ok: boolean;
};

const customValue = (record: Fields, apiName: string): unknown =>
    (record.custom_fields as { api_name?: string; value?: unknown }[] | undefined)?.find(
        (f) => f.api_name === apiName
    )?.value;

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined) {
    const counts = new Map<string, number>();
    for (const item of items) {
        const k = key(item);
        if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
}

export function judgeChaos(state: ChaosState, keyField = 'cf_salesforce_id'): ChaosVerdict {
    const byKey = new Map<string, Fields[]>();
    for (const invoice of state.zohoInvoices) {
        const key = customValue(invoice, keyField);
        if (typeof key !== 'string') continue;
        byKey.set(key, [...(byKey.get(key) ?? []), invoice]);
    }
    const opportunities = new Map(state.opportunities.map((o) => [String(o.Id), o]));
    const journalByOpportunity = countBy(state.journal, (row) =>
        typeof row.opportunityId === 'string' ? `${row.opportunityId}:${row.subject}` : undefined
    );
    let duplicateInvoices = 0;
    let missingInvoices = 0;
    let notWrittenBack = 0;
    let journalGaps = 0;
    const troubled = new Set<string>();
    for (const id of state.opportunityIds) {
        const counted = duplicateInvoices + missingInvoices + notWrittenBack + journalGaps;
        const invoices = byKey.get(state.keyOf(id)) ?? [];
        if (invoices.length === 0) missingInvoices += 1;
        duplicateInvoices += Math.max(0, invoices.length - 1);
        const invoiceId = invoices.length === 1 ? String(invoices[0]?.invoice_id) : undefined;
        const opportunity = opportunities.get(id);
        if (
            !invoiceId ||
            opportunity?.Zoho_Invoice_Id__c !== invoiceId ||
            opportunity.Closebooks_Sync_Status__c !== 'Synced'
        )
            notWrittenBack += 1;
        if (!invoiceId || journalByOpportunity.get(`${id}:${invoiceId}`) !== 1) journalGaps += 1;
        if (duplicateInvoices + missingInvoices + notWrittenBack + journalGaps > counted)
            troubled.add(id);
    }
    const customers = countBy(state.zohoContacts, (c) => {
        const key = customValue(c, keyField);
        return typeof key === 'string' ? key : undefined;
    });
    const duplicateCustomers = [...customers.values()].reduce((n, c) => n + c - 1, 0);
    const verdict = {
        deals: state.opportunityIds.length,
        invoices: state.zohoInvoices.length,
        duplicateInvoices,
        missingInvoices,
        notWrittenBack,
        duplicateCustomers,
        journalGaps
    };
    return {
        ...verdict,
        troubled: [...troubled].slice(0, 50),
        ok:
            duplicateInvoices +
                missingInvoices +
                notWrittenBack +
                duplicateCustomers +
                journalGaps ===
            0
    };
}
