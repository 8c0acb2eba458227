import { describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import {
    FACTS_ACCOUNT,
    INVOICE_FIGURES,
    mirrorFacts
} from '../../test/support/reconciliation-facts.ts';
import {
    reconcile,
    type WonDealFacts,
    type ZohoInvoiceFacts
} from '../sync/reconciliation/compare.ts';
import { compareStaged } from '../sync/reconciliation/read.ts';
import {
    STALE_RUN_MS,
    withReconciliationStage,
    type ReconciliationStage,
    type StagedZohoInvoice
} from './reconciliation-stage.ts';

const ACCOUNT = FACTS_ACCOUNT;
const OTHER_ACCOUNT = '001000000000002AAA';
const CUSTOMER = { '460001': ACCOUNT, '460002': OTHER_ACCOUNT } as const;

const invoice = (over: Partial<StagedZohoInvoice> = {}): StagedZohoInvoice => ({
    ...INVOICE_FIGURES,
    customerId: '460001',
    ...over
});
const mirror = mirrorFacts;
const deal = (opportunityId: string, zohoInvoiceId: string | null): WonDealFacts => ({
    opportunityId,
    name: `Deal ${opportunityId}`,
    accountId: OTHER_ACCOUNT,
    zohoInvoiceId
});

/**
 * A ledger with every case the comparison tells apart, read in an order that is not id order,
 * with ids that repeat on every side (a list page read twice) and money below and above the
 * currencies' precision.
 */
const ledger = {
    zoho: [
        invoice({ invoiceId: '9010', key: '006000000000010AAA', total: 0.1 + 0.2, tax: 0.3 }),
        invoice({ invoiceId: '9002', balance: 60.01 }),
        invoice({ invoiceId: '9001' }),
        invoice({ invoiceId: '9003', key: null, customerId: '460002' }),
        invoice({ invoiceId: '9004', key: '006000000000004AAA', customerId: '469999' }),
        invoice({ invoiceId: '9005', currency: 'JPY', total: 11000, tax: 1000, balance: 11000 }),
        invoice({ invoiceId: '9006', status: 'void', key: '006000000000006AAA' }),
        invoice({ invoiceId: '9002', balance: 60.02 }),
        invoice({ invoiceId: '9011', currency: 'KWD', total: 12345678901.123, tax: 0.0005 }),
        invoice({ invoiceId: '9006', status: 'sent', key: '006000000000006AAA', balance: 0 })
    ],
    mirrors: [
        mirror({ zohoInvoiceId: '9002', balance: 60 }),
        mirror({ zohoInvoiceId: '9001' }),
        mirror({
            zohoInvoiceId: '9005',
            currency: 'JPY',
            total: 11000.4,
            tax: 1000,
            balance: 11000
        }),
        mirror({ zohoInvoiceId: '9007', accountId: null, total: null, tax: null }),
        mirror({ zohoInvoiceId: '9001', tax: 10.5 }),
        mirror({ zohoInvoiceId: '9003', accountId: null }),
        mirror({ zohoInvoiceId: '9011', currency: 'KWD', total: 12345678901.122, tax: 0 })
    ],
    deals: [
        deal('006000000000009AAA', '9009'),
        deal('006000000000004AAA', '9004'),
        deal('006000000000008AAA', '9008'),
        deal('006000000000007AAA', '9007'),
        deal('006000000000012AAA', '9008'),
        deal('006000000000009AAA', '9009')
    ]
};

/** Stages `facts` in pages of `page` rows, as the reader does. */
async function stageLedger(stage: ReconciliationStage, facts: typeof ledger, page = 3) {
    for (let i = 0; i < facts.zoho.length; i += page)
        await stage.addZohoInvoices(facts.zoho.slice(i, i + page));
    for (let i = 0; i < facts.mirrors.length; i += page)
        await stage.addMirrors(facts.mirrors.slice(i, i + page));
    await stage.addDeals(facts.deals);
    for await (const customers of stage.customers())
        await stage.addAccounts(
            new Map(
                customers.flatMap((id) => {
                    const account = CUSTOMER[id as keyof typeof CUSTOMER];
                    return account ? [[id, account] as const] : [];
                })
            )
        );
}

/** What `reconcile` answers for the same ledger held in memory. */
function inMemory(facts: typeof ledger) {
    return reconcile({
        zoho: facts.zoho.map(({ customerId, ...z }): ZohoInvoiceFacts => ({
            ...z,
            accountId: CUSTOMER[customerId as keyof typeof CUSTOMER] ?? null
        })),
        mirrors: facts.mirrors,
        deals: facts.deals
    });
}

describe(`reconciliation stage (${testBackend})`, () => {
    const t = useTestDb();
    const clock = createSandboxClock({ startAt: Date.UTC(2027, 2, 14, 9, 30), scale: 0 });

    const rowsOf = async (runId?: string) => {
        const tables = ['zoho', 'mirrors', 'deals', 'accounts'].map(
            (side) => `reconciliation_stage_${side}`
        );
        const where = runId ? 'WHERE run_id = $1' : '';
        let rows = 0;
        for (const table of ['reconciliation_runs', ...tables]) {
            const [row] = await t.db.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM ${table} ${where}`,
                runId ? [runId] : []
            );
            rows += row?.n ?? 0;
        }
        return rows;
    };

    it('reads back, chunk by chunk, the very report the comparison makes in memory', async () => {
        for (const chunk of [1, 2, 1_000]) {
            const staged = await withReconciliationStage(
                t.db,
                clock,
                async (stage) => {
                    await stageLedger(stage, ledger);
                    return compareStaged(stage);
                },
                { chunk }
            );
            expect(staged).toEqual(inMemory(ledger));
        }
        const report = inMemory(ledger);
        // The ledger covers every kind, so the equality above is not between two empty reports.
        // Repeated ids count once, as last read: 9001's second mirror differs, so 9001 is not
        // also counted matching.
        expect(report.summary).toEqual({
            zohoInvoices: 8,
            mirrors: 6,
            matching: 2,
            differing: 3,
            missingInZoho: 1,
            missingInSalesforce: 3,
            brokenDealLinks: 3,
            accountsDiffering: 3
        });
        expect(report.invoices.map((r) => [r.kind, r.zohoInvoiceId, r.opportunityId])).toEqual([
            ['differs', '9001', '006000000000001AAA'],
            ['differs', '9002', '006000000000001AAA'],
            ['differs', '9011', '006000000000001AAA'],
            ['missing_in_zoho', '9007', '006000000000001AAA'],
            ['missing_in_salesforce', '9004', '006000000000004AAA'],
            ['missing_in_salesforce', '9006', '006000000000006AAA'],
            ['missing_in_salesforce', '9010', '006000000000010AAA'],
            ['broken_deal_link', '9008', '006000000000008AAA'],
            ['broken_deal_link', '9008', '006000000000012AAA'],
            ['broken_deal_link', '9009', '006000000000009AAA']
        ]);
        // The last 9002 read (balance 60.02) is the one compared; KWD keeps three places.
        expect(report.invoices[1]?.differences).toEqual([
            { figure: 'balance', salesforce: 60, zoho: 60.02, difference: 0.02 }
        ]);
        expect(report.invoices[2]?.differences).toEqual([
            {
                figure: 'total',
                salesforce: 12345678901.122,
                zoho: 12345678901.123,
                difference: 0.001
            },
            { figure: 'tax', salesforce: 0, zoho: 0.001, difference: 0.001 }
        ]);
        expect(await rowsOf()).toBe(0);
    });

    it('lists the invoice ids Salesforce names outside Zoho, counted past the limit', async () => {
        const named = await withReconciliationStage(t.db, clock, async (stage) => {
            await stageLedger(stage, ledger);
            return [await stage.namedOutsideZoho(500), await stage.namedOutsideZoho(2)];
        });
        expect(named).toEqual([
            { count: 3, ids: ['9007', '9008', '9009'] },
            { count: 3, ids: ['9007', '9008'] }
        ]);
    });

    it('deletes the rows of a run when it ends, and when it throws', async () => {
        let runId = '';
        await withReconciliationStage(t.db, clock, async (stage) => {
            runId = stage.runId;
            await stageLedger(stage, ledger);
            expect(await rowsOf(runId)).toBeGreaterThan(20);
        });
        expect(await rowsOf(runId)).toBe(0);

        const failing = withReconciliationStage(t.db, clock, async (stage) => {
            runId = stage.runId;
            await stageLedger(stage, ledger);
            throw new Error('Zoho went away');
        });
        await expect(failing).rejects.toThrow('Zoho went away');
        expect(await rowsOf(runId)).toBe(0);
        expect(await rowsOf()).toBe(0);
    });

    it('sweeps a run a crashed process left more than a day ago, not one still running', async () => {
        const crashed = '7d2c6d43-3f36-4b8e-9a51-0c6e2b1f0a01';
        const running = '7d2c6d43-3f36-4b8e-9a51-0c6e2b1f0a02';
        for (const [runId, age] of [
            [crashed, STALE_RUN_MS + 60_000],
            [running, STALE_RUN_MS - 60_000]
        ] as const) {
            await t.db.query(
                'INSERT INTO reconciliation_runs (run_id, started_at) VALUES ($1, $2)',
                [runId, new Date(clock.now() - age)]
            );
            await t.db.query(
                `INSERT INTO reconciliation_stage_mirrors (run_id, seq, zoho_invoice_id) VALUES ($1, 1, '9001')`,
                [runId]
            );
        }
        await withReconciliationStage(t.db, clock, async () => undefined);
        expect(await rowsOf(crashed)).toBe(0);
        expect(await rowsOf(running)).toBe(2);
    });

    it('keeps two runs at the same time apart', async () => {
        const other = {
            zoho: [invoice({ invoiceId: '9001', total: 999 })],
            mirrors: [mirror({ zohoInvoiceId: '9001' }), mirror({ zohoInvoiceId: '9020' })],
            deals: [deal('006000000000030AAA', '9030')]
        };
        let release: () => void = () => undefined;
        const bothStaged = new Promise<void>((resolve) => (release = resolve));
        let staged = 0;
        const run = (facts: typeof ledger) =>
            withReconciliationStage(t.db, clock, async (stage) => {
                await stageLedger(stage, facts, 1);
                if (++staged === 2) release();
                await bothStaged;
                return compareStaged(stage);
            });
        const [first, second] = await Promise.all([run(ledger), run(other)]);
        expect(first).toEqual(inMemory(ledger));
        expect(second).toEqual(inMemory(other));
        expect(second.summary).toMatchObject({ zohoInvoices: 1, mirrors: 2, differing: 1 });
        expect(await rowsOf()).toBe(0);
    });

    it('brings the planner statistics up to what was staged before reading it back', async () => {
        const estimate = async () => {
            const [row] = await t.db.query<{ n: number }>(
                `SELECT reltuples::int AS n FROM pg_class WHERE relname = 'reconciliation_stage_mirrors'`
            );
            return row?.n;
        };
        const mirrors = Array.from({ length: 300 }, (_, i) =>
            mirror({ zohoInvoiceId: String(9100 + i) })
        );
        const estimates = await withReconciliationStage(t.db, clock, async (stage) => {
            await stage.addMirrors(mirrors);
            const staged = await estimate();
            const reading = stage.mirrored();
            await reading.next();
            await reading.return(undefined);
            return [staged, await estimate()];
        });
        // Never analysed (-1) until the reading asks; then the planner knows the 300 rows, and
        // walks the index in order for a chunk instead of sorting all that remain.
        expect(estimates).toEqual([-1, 300]);
    });
});
