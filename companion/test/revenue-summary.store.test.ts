import { describe, expect, it } from 'vitest';

import { createSandboxClock } from '../sandbox/clock.ts';
import { createApiKey } from '../src/store/api-keys.ts';
import { invoiceEnv, type InvoiceEnv, type Record } from './support/invoice-env.ts';
import { expectedSummaries, makeYear } from './support/revenue-data.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * The revenue summary (F7) end to end: a year of Zoho documents for 100 customers, summarised per
 * account and month into `Zoho_Revenue_Summary__c` through the admin API's on-demand run, equal
 * to the sums the test works out from what it made; a second run writes nothing.
 */

const CUSTOMERS = 100;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const SUMMARY_FIELDS = [
    'Currency_Code__c',
    'Invoiced__c',
    'Collected__c',
    'Outstanding__c',
    'Credits__c',
    'Invoiced_Base__c',
    'Collected_Base__c',
    'Outstanding_Base__c',
    'Credits_Base__c'
];

let env: InvoiceEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});

/** Calls the Zoho simulator admitted today for the env's organization. */
async function zohoCalls(e: InvoiceEnv): Promise<number> {
    const org = e.pair.zoho.credentials.organization_id;
    const res = await e.pair.zoho.sandbox.app.request(`/_sandbox/orgs/${org}/usage`);
    return ((await res.json()) as { today: number }).today;
}

async function runSummary(
    e: InvoiceEnv,
    key: string,
    run: { months: number; through: string } = { months: 12, through: '2026-12' }
) {
    const res = await fetch(
        `${e.server.url}/v1/admin/connections/${e.connectionId}/revenue-summary`,
        {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(run)
        }
    );
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string } };
    await e.waitFor(
        async () => {
            const [row] = await e.db.query<{ state: string }>(
                'SELECT state FROM jobs WHERE id = $1',
                [job.id]
            );
            if (row?.state === 'dead') throw new Error('the revenue job died');
            const [pending] = await e.db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM writebacks WHERE sent_at_ms IS NULL AND failed_at_ms IS NULL'
            );
            return (row?.state === 'done' && pending?.n === 0) || undefined;
        },
        60_000,
        'the revenue run and its write-back'
    );
}

describe(`revenue summary (${testBackend})`, () => {
    it(
        'summarises 100 accounts × 12 months exactly as added up by hand, and a second run changes nothing',
        { timeout: 180_000 },
        async () => {
            env = await invoiceEnv(testDb.db, {
                deals: 1,
                linked: true,
                clock: createSandboxClock({ startAt: Date.UTC(2027, 0, 10, 9) })
            });
            const state = await env.zohoState();
            const eur = (state as unknown as { currencies: Record[] }).currencies.find(
                (c) => c.currency_code === 'EUR'
            );
            const made = await makeYear(env.pair.zoho.sandbox, env.pair.zoho.credentials, {
                customers: CUSTOMERS,
                months: MONTHS,
                eurCurrencyId: String(eur!.currency_id),
                eurRate: 1.0825
            });
            const integration = env.sf.org(env.sfOrg);
            const { ids } = env.sf.seed(env.sfOrg, {
                as: integration.users.get(integration.integrationUserId)?.username,
                records: made.contactIds.map((contactId, i) => ({
                    object: 'Account',
                    ref: `a${i}`,
                    fields: { Name: `Revenue Account ${i}`, Zoho_Contact_Id__c: contactId }
                }))
            });
            const accountOf = (customer: number) => ids[`a${customer}`]!;
            const expected = expectedSummaries(made, accountOf, MONTHS);
            expect(expected.size).toBeGreaterThan(CUSTOMERS * 10);

            const key = (await createApiKey(env.db, { name: 'ops', scopes: ['admin:write'] }))
                .token;
            await runSummary(env, key);

            const records = env.sf.records(env.sfOrg, 'Zoho_Revenue_Summary__c') as Record[];
            const actual = new Map(
                records.map((r) => [
                    String(r.Summary_Key__c),
                    Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, r[f]]))
                ])
            );
            expect(actual.size).toBe(expected.size);
            for (const [summaryKey, want] of expected)
                expect({ summaryKey, ...actual.get(summaryKey) }).toEqual({ summaryKey, ...want });
            expect(records.every((r) => r.Base_Currency_Code__c === 'USD')).toBe(true);
            const sample = records.find((r) => r.Summary_Key__c === `${accountOf(4)}:2026-06`);
            expect(sample).toMatchObject({ Account__c: accountOf(4), Month__c: '2026-06-01' });

            // The same run again: every summary equal to what was written, so nothing is sent.
            const modified = records.map((r) => r.LastModifiedDate);
            const [before] = await env.db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM writebacks'
            );
            await runSummary(env, key);
            const [after] = await env.db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM writebacks'
            );
            expect(after!.n).toBe(before!.n);
            const again = env.sf.records(env.sfOrg, 'Zoho_Revenue_Summary__c') as Record[];
            expect(again.map((r) => r.LastModifiedDate)).toEqual(modified);

            // The last two months alone: payments and credit notes are read newest first and
            // only back to November, with the same figures as the year's run.
            const monthsFrom = await zohoCalls(env);
            await runSummary(env, key, { months: 2, through: '2026-12' });
            const monthsCalls = (await zohoCalls(env)) - monthsFrom;
            // One organization read, then the window's invoice pages, one page of payments
            // (newest first, it already reaches back past November) and one of credit notes.
            const inWindow = made.invoices.filter((i) => i.date >= '2026-11-01').length;
            expect(Math.ceil(made.payments.length / 200)).toBeGreaterThan(1);
            expect(monthsCalls).toBe(1 + Math.ceil(inWindow / 200) + 1 + 1);
            const lastTwo = env.sf.records(env.sfOrg, 'Zoho_Revenue_Summary__c') as Record[];
            expect(lastTwo.map((r) => r.LastModifiedDate)).toEqual(modified);
        }
    );
});
