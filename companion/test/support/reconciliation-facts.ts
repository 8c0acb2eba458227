import type { MirrorFacts, ZohoInvoiceFacts } from '../../src/sync/reconciliation/compare.ts';

/** The Salesforce Account the default facts belong to. */
export const FACTS_ACCOUNT = '001000000000001AAA';

/** A sent USD invoice of 110 (10 tax), unpaid, keyed to its deal, without its customer. */
export const INVOICE_FIGURES: Readonly<Omit<ZohoInvoiceFacts, 'accountId'>> = {
    invoiceId: '9001',
    number: 'INV-1',
    key: '006000000000001AAA',
    status: 'sent',
    currency: 'USD',
    total: 110,
    tax: 10,
    balance: 110
};

/** `INVOICE_FIGURES` of `FACTS_ACCOUNT`'s customer: the facts the tests vary. */
export const zohoInvoiceFacts = (over: Partial<ZohoInvoiceFacts> = {}): ZohoInvoiceFacts => ({
    ...INVOICE_FIGURES,
    accountId: FACTS_ACCOUNT,
    ...over
});

/** The Salesforce mirror of `zohoInvoiceFacts()`, equal to it in every figure. */
export const mirrorFacts = (over: Partial<MirrorFacts> = {}): MirrorFacts => ({
    zohoInvoiceId: '9001',
    number: 'INV-1',
    accountId: FACTS_ACCOUNT,
    opportunityId: '006000000000001AAA',
    currency: 'USD',
    total: 110,
    tax: 10,
    balance: 110,
    ...over
});
