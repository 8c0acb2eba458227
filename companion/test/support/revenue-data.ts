import { SEED_ENV } from '../../sandbox/zoho/api.ts';
import type { ZohoSandbox } from '../../sandbox/zoho/zoho-sandbox.ts';
import type { OrgCredentials } from '../../sandbox/zoho/provision.ts';

/**
 * A year of Zoho documents for many customers, made through the simulator's API as a finance
 * team would (invoices sent, some left draft or voided, payments partial and full, a credit
 * note now and then), with what the test itself knows of each document so it can add up the
 * expected revenue without asking the companion or Zoho. Calls go in process with the
 * control surface's seeding bypass (no rate limit: a year is thousands of calls).
 */

export type MadeInvoice = {
    customer: number;
    date: string;
    currency: string;
    rate: number;
    total: number;
    paid: number;
    status: 'sent' | 'draft' | 'void';
};
export type MadePayment = { customer: number; date: string; amount: number; rate: number };
export type MadeCredit = { customer: number; date: string; total: number; rate: number };

export type YearOfDocuments = {
    contactIds: string[];
    invoices: MadeInvoice[];
    payments: MadePayment[];
    credits: MadeCredit[];
};

/** A small deterministic generator (mulberry32): the same data every run. */
function random(seed: number) {
    let a = seed;
    return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const cents = (n: number) => Math.round(n * 100) / 100;

export async function makeYear(
    zoho: ZohoSandbox,
    creds: OrgCredentials,
    options: { customers: number; months: string[]; eurCurrencyId: string; eurRate: number }
): Promise<YearOfDocuments> {
    const call = async (method: string, path: string, body?: unknown) => {
        const url = new URL(`${creds.api_domain}/books/v3${path}`);
        url.searchParams.set('organization_id', creds.organization_id);
        const res = await zoho.app.fetch(
            new Request(url, {
                method,
                headers: {
                    authorization: `Zoho-oauthtoken ${creds.access_token}`,
                    ...(body === undefined ? {} : { 'content-type': 'application/json' })
                },
                ...(body === undefined ? {} : { body: JSON.stringify(body) })
            }),
            SEED_ENV
        );
        const json = (await res.json()) as Record<string, unknown>;
        if (res.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
        return json;
    };
    const next = random(20261204);
    const made: YearOfDocuments = { contactIds: [], invoices: [], payments: [], credits: [] };
    for (let c = 0; c < options.customers; c++) {
        const eur = c % 5 === 4;
        const contact = await call('POST', '/contacts', {
            contact_name: `Revenue Customer ${String(c).padStart(3, '0')}`,
            contact_type: 'customer',
            ...(eur ? { currency_id: options.eurCurrencyId } : {})
        });
        const contactId = (contact.contact as { contact_id: string }).contact_id;
        made.contactIds.push(contactId);
        const rate = eur ? options.eurRate : 1;
        for (const month of options.months) {
            const date = `${month}-${String(1 + Math.floor(next() * 27)).padStart(2, '0')}`;
            const total = cents(50 + next() * 5_000);
            const roll = next();
            const status = roll < 0.1 ? 'draft' : roll < 0.15 ? 'void' : 'sent';
            const created = await call('POST', '/invoices', {
                customer_id: contactId,
                date,
                due_date: date,
                exchange_rate: rate,
                line_items: [{ name: 'Services', rate: total, quantity: 1 }]
            });
            const invoiceId = (created.invoice as { invoice_id: string }).invoice_id;
            const invoice: MadeInvoice = {
                customer: c,
                date,
                currency: eur ? 'EUR' : 'USD',
                rate,
                total,
                paid: 0,
                status
            };
            made.invoices.push(invoice);
            if (status === 'draft') continue;
            await call('POST', `/invoices/${invoiceId}/status/sent`);
            if (status === 'void') {
                await call('POST', `/invoices/${invoiceId}/status/void`);
                continue;
            }
            const pays = next();
            if (pays < 0.6) {
                // Paid in full, or in part; in the invoice's month (on its date) or the next.
                const amount = pays < 0.4 ? total : cents(total * (0.2 + next() * 0.6));
                const payDate = next() < 0.7 ? date : nextMonthDay(date);
                await call('POST', '/customerpayments', {
                    customer_id: contactId,
                    payment_mode: 'banktransfer',
                    amount,
                    date: payDate,
                    exchange_rate: rate,
                    invoices: [{ invoice_id: invoiceId, amount_applied: amount }]
                });
                invoice.paid = amount;
                made.payments.push({ customer: c, date: payDate, amount, rate });
            }
        }
        if (c % 10 === 3) {
            const date = `${options.months[5]!}-15`;
            const total = cents(25 + next() * 200);
            const note = await call('POST', '/creditnotes', {
                customer_id: contactId,
                date,
                exchange_rate: rate,
                line_items: [{ name: 'Goodwill', rate: total, quantity: 1 }]
            });
            if (!note.creditnote) throw new Error('no credit note made');
            made.credits.push({ customer: c, date, total, rate });
        }
    }
    return made;
}

function nextMonthDay(date: string): string {
    const [y, m] = date.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 5)).toISOString().slice(0, 10);
}

/** What the summaries must say, added up from what was made (not from Zoho, not from us). */
export function expectedSummaries(
    made: YearOfDocuments,
    accountOf: (customer: number) => string,
    months: readonly string[]
) {
    type Sum = {
        currency: string;
        invoiced: number;
        collected: number;
        outstanding: number;
        credited: number;
        base: { invoiced: number; collected: number; outstanding: number; credited: number };
    };
    const sums = new Map<string, Sum>();
    const at = (customer: number, date: string, currency: string) => {
        const month = date.slice(0, 7);
        if (!months.includes(month)) return undefined;
        const key = `${accountOf(customer)}:${month}`;
        const sum = sums.get(key) ?? {
            currency,
            invoiced: 0,
            collected: 0,
            outstanding: 0,
            credited: 0,
            base: { invoiced: 0, collected: 0, outstanding: 0, credited: 0 }
        };
        sums.set(key, sum);
        return sum;
    };
    const currencyOf = (customer: number) => (customer % 5 === 4 ? 'EUR' : 'USD');
    for (const i of made.invoices) {
        if (i.status !== 'sent') continue;
        const sum = at(i.customer, i.date, i.currency);
        if (!sum) continue;
        sum.invoiced += i.total;
        sum.outstanding += i.total - i.paid;
        sum.base.invoiced += cents(i.total * i.rate);
        sum.base.outstanding += cents((i.total - i.paid) * i.rate);
    }
    for (const p of made.payments) {
        const sum = at(p.customer, p.date, currencyOf(p.customer));
        if (!sum) continue;
        sum.collected += p.amount;
        sum.base.collected += cents(p.amount * p.rate);
    }
    for (const n of made.credits) {
        const sum = at(n.customer, n.date, currencyOf(n.customer));
        if (!sum) continue;
        sum.credited += n.total;
        sum.base.credited += cents(n.total * n.rate);
    }
    return new Map(
        [...sums].map(([key, s]) => [
            key,
            {
                Currency_Code__c: s.currency,
                Invoiced__c: cents(s.invoiced),
                Collected__c: cents(s.collected),
                Outstanding__c: cents(s.outstanding),
                Credits__c: cents(s.credited),
                Invoiced_Base__c: cents(s.base.invoiced),
                Collected_Base__c: cents(s.base.collected),
                Outstanding_Base__c: cents(s.base.outstanding),
                Credits_Base__c: cents(s.base.credited)
            }
        ])
    );
}
