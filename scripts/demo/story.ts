import {
    DemoError,
    type Info,
    type Opportunity,
    type SandboxClient,
    type ZohoInvoice
} from './sandbox-client.ts';

export type StoryDeps = {
    client: SandboxClient;
    /** Progress lines (stderr). */
    progress: (line: string) => void;
    sleep: (ms: number) => Promise<void>;
    /** Real milliseconds, for the waits' deadlines. */
    now: () => number;
};

export type StorySummary = {
    deal: string;
    account: string;
    opportunityId: string;
    invoiceNumber: string;
    currency: string;
    subTotal: number;
    taxTotal: number;
    total: number;
    paymentStatus: string;
    accountBalance: number | null;
    /** Calls the companion made while the story ran (the clerk's own Zoho call left out). */
    zohoCalls: number;
    salesforceCalls: number;
};

const WAIT_MS = 30_000;
/** The clerk's payment is one Zoho Books API call of the demo's, not the companion's. */
const CLERK_ZOHO_CALLS = 1;

async function waitFor<T>(
    deps: StoryDeps,
    what: string,
    check: () => Promise<T | undefined>
): Promise<T> {
    const deadline = deps.now() + WAIT_MS;
    let dots = 0;
    for (;;) {
        const found = await check();
        if (found !== undefined) return found;
        if (deps.now() >= deadline)
            throw new DemoError(`no ${what} after ${WAIT_MS / 1000} s; see the companion's log`);
        dots += 1;
        if (dots % 4 === 0) deps.progress(`  … waiting for ${what}`);
        await deps.sleep(250);
    }
}

/** The first seeded deal that is still open. */
async function openDeal(info: Info, client: SandboxClient) {
    for (const deal of info.deals) {
        const o = await client.opportunity(deal.id);
        if (!o.StageName.startsWith('Closed') && !o.Zoho_Invoice_Id__c) return deal;
    }
    throw new DemoError(
        'every seeded deal is closed; start again with a fresh data directory (rm -rf .closebooks; npm start)'
    );
}

/**
 * `npm run demo`: the quote-to-cash story against the sandbox. Closes the first open seeded
 * deal as won, waits for its Zoho invoice and the write-back, records its payment in Zoho Books
 * as the clerk, and waits until Salesforce shows it paid.
 */
export async function runStory(info: Info, deps: StoryDeps): Promise<StorySummary> {
    const { client } = deps;
    const before = await client.calls();
    const deal = await openDeal(info, client);
    deps.progress(`[1/4] closing ${deal.name} (${deal.account}, ${deal.amount.toFixed(2)}) as won`);
    await client.closeWon(deal.id);

    deps.progress('[2/4] waiting for the Zoho invoice and its write-back to Salesforce');
    const invoiced = await waitFor(deps, 'invoice', async () => {
        const o = await client.opportunity(deal.id);
        const status = o.Closebooks_Sync_Status__c;
        if (status === 'Held' || status === 'Failed')
            throw new DemoError(`the deal is ${status}: ${o.Closebooks_Sync_Message__c ?? ''}`);
        return o.Zoho_Invoice_Id__c ? o : undefined;
    });
    const invoice = await client.invoice(String(invoiced.Zoho_Invoice_Id__c));
    if (!invoice) throw new DemoError('the invoice written back is not in the Zoho simulator');
    deps.progress(
        `      invoice ${invoice.invoice_number}: ${invoice.currency_code} ${invoice.total.toFixed(2)}`
    );

    deps.progress(`[3/4] recording the payment of ${invoice.total.toFixed(2)} in Zoho Books`);
    await client.recordPayment(invoice, invoice.total);

    deps.progress("[4/4] waiting for Salesforce to show it paid and the account's balance");
    const paid = await waitFor(deps, 'payment status', async () => {
        const o = await client.opportunity(deal.id);
        return o.Zoho_Payment_Status__c === 'Paid' ? o : undefined;
    });
    const account = paid.AccountId ? await client.account(paid.AccountId) : undefined;
    const after = await client.calls();
    return summary(deal, paid, invoice, account?.Zoho_Outstanding_Balance__c ?? null, {
        zoho: after.zoho - before.zoho - CLERK_ZOHO_CALLS,
        salesforce: after.salesforce - before.salesforce
    });
}

function summary(
    deal: Info['deals'][number],
    paid: Opportunity,
    invoice: ZohoInvoice,
    accountBalance: number | null,
    calls: { zoho: number; salesforce: number }
): StorySummary {
    return {
        deal: deal.name,
        account: deal.account,
        opportunityId: deal.id,
        invoiceNumber: invoice.invoice_number,
        currency: invoice.currency_code,
        subTotal: invoice.sub_total ?? invoice.total,
        taxTotal: invoice.tax_total ?? 0,
        total: invoice.total,
        paymentStatus: paid.Zoho_Payment_Status__c ?? '',
        accountBalance,
        zohoCalls: calls.zoho,
        salesforceCalls: calls.salesforce
    };
}

/** The summary as a two-column table. */
export function summaryTable(s: StorySummary): string[] {
    const money = (n: number) => `${s.currency} ${n.toFixed(2)}`;
    const rows: [string, string][] = [
        ['Deal', `${s.deal} (${s.opportunityId})`],
        ['Account', s.account],
        ['Invoice', s.invoiceNumber],
        ['Sub total', money(s.subTotal)],
        ['Tax', money(s.taxTotal)],
        ['Total', money(s.total)],
        ['Payment status', s.paymentStatus],
        ['Account balance', s.accountBalance === null ? '-' : money(s.accountBalance)],
        ['Zoho calls used', String(s.zohoCalls)],
        ['Salesforce calls used', String(s.salesforceCalls)]
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    const valueWidth = Math.max(...rows.map(([, v]) => v.length));
    const rule = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
    return [
        rule,
        ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v.padEnd(valueWidth)} |`),
        rule
    ];
}
