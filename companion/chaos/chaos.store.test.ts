import { describe, expect, it } from 'vitest';

import { testBackend } from '../test/support/test-db.ts';
import { runChaos } from './run.ts';

/**
 * The short chaos run of `npm test` (`npm run chaos` is the long one): a small burst while the
 * companion is killed and restarted, Zoho loses and fails calls and Salesforce locks rows. On
 * PGlite one process holds the store; on PostgreSQL three share it.
 */
describe(`chaos, short (${testBackend})`, () => {
    it('ends with one invoice per deal, every deal written back, no duplicate customer and the journal complete', async () => {
        const report = await runChaos({
            deals: 20,
            kills: 3,
            backend: testBackend,
            processes: 3,
            ...(process.env.CLOSEBOOKS_TEST_DATABASE_URL
                ? { databaseUrl: process.env.CLOSEBOOKS_TEST_DATABASE_URL }
                : {}),
            scale: 20,
            settleMs: 120_000
        });
        // The run stops killing once every deal is written back; at least one kill must have hit.
        expect(report.kills).toBeGreaterThanOrEqual(1);
        expect(report).toMatchObject({
            deals: 20,
            duplicateInvoices: 0,
            missingInvoices: 0,
            notWrittenBack: 0,
            duplicateCustomers: 0,
            journalGaps: 0,
            ok: true
        });
    }, 240_000);
});
