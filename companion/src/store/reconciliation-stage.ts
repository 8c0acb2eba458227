import { randomUUID } from 'node:crypto';

import type { Clock } from '../clock.ts';
import type {
    MirrorFacts,
    WonDealFacts,
    ZohoInvoiceFacts
} from '../sync/reconciliation/compare.ts';
import type { Db, Queryable } from './db.ts';
import { stageReads, type StageReads } from './reconciliation-stage-read.ts';

/**
 * The totals reconciliation's stage (migration 0020): each side's facts are written here a page
 * at a time as they are read, and read back joined, in invoice id order, a chunk at a time, so
 * a run holds a page in memory, not the ledger. A run sees only its own rows; they are deleted
 * when it ends, whether it succeeds or throws, and a run left behind by a crash is swept by the
 * next run after a day.
 */

/** A Zoho invoice as staged: with its customer, whose Account is staged once per customer. */
export type StagedZohoInvoice = Omit<ZohoInvoiceFacts, 'accountId'> & { customerId: string };

/** A run older than this when the next one starts was left by a process that died. */
export const STALE_RUN_MS = 86_400_000;

export type ReconciliationStage = StageReads & {
    readonly runId: string;
    addZohoInvoices(invoices: readonly StagedZohoInvoice[]): Promise<void>;
    addMirrors(mirrors: readonly MirrorFacts[]): Promise<void>;
    addDeals(deals: readonly WonDealFacts[]): Promise<void>;
    /** The Salesforce Account of Zoho customers (customer id → Account id). */
    addAccounts(accounts: ReadonlyMap<string, string>): Promise<void>;
};

/** Money goes in as the number's exact decimal text: `numeric` keeps every digit. */
const money = (value: number | null) => (value === null ? null : String(value));

/** One multi-row INSERT (a page: 200 Zoho rows, up to 2,000 Salesforce rows). */
async function insertRows(
    q: Queryable,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[]
): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const tuples = rows.map(
        (row) =>
            `(${row
                .map((value) => {
                    params.push(value);
                    return `$${params.length}`;
                })
                .join(', ')})`
    );
    await q.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        params
    );
}

function stageOf(db: Db, runId: string, chunk: number | undefined): ReconciliationStage {
    // The order each side was read in: where an id repeats, the last one read is looked up.
    const seq = { zoho: 0, mirrors: 0, deals: 0 };
    // Tables written since their statistics were last brought up to date.
    const written = new Set<string>();
    const insert = (table: string, columns: readonly string[], rows: readonly unknown[][]) => {
        if (rows.length > 0) written.add(table);
        return insertRows(db, table, columns, rows);
    };
    const settle = async () => {
        if (written.size === 0) return;
        const tables = [...written].join(', ');
        written.clear();
        await db.query(`ANALYZE ${tables}`);
    };
    return {
        runId,
        ...stageReads(db, runId, settle, chunk),
        addZohoInvoices: (invoices) =>
            insert(
                'reconciliation_stage_zoho',
                [
                    'run_id',
                    'seq',
                    'invoice_id',
                    'invoice_number',
                    'salesforce_key',
                    'customer_id',
                    'status',
                    'currency',
                    'total',
                    'tax',
                    'balance'
                ],
                invoices.map((z) => [
                    runId,
                    ++seq.zoho,
                    z.invoiceId,
                    z.number,
                    z.key,
                    z.customerId,
                    z.status,
                    z.currency,
                    money(z.total),
                    money(z.tax),
                    money(z.balance)
                ])
            ),
        addMirrors: (mirrors) =>
            insert(
                'reconciliation_stage_mirrors',
                [
                    'run_id',
                    'seq',
                    'zoho_invoice_id',
                    'invoice_number',
                    'account_id',
                    'opportunity_id',
                    'currency',
                    'total',
                    'tax',
                    'balance'
                ],
                mirrors.map((m) => [
                    runId,
                    ++seq.mirrors,
                    m.zohoInvoiceId,
                    m.number,
                    m.accountId,
                    m.opportunityId,
                    m.currency,
                    money(m.total),
                    money(m.tax),
                    money(m.balance)
                ])
            ),
        addDeals: (deals) =>
            insert(
                'reconciliation_stage_deals',
                ['run_id', 'seq', 'opportunity_id', 'name', 'account_id', 'zoho_invoice_id'],
                deals.map((d) => [
                    runId,
                    ++seq.deals,
                    d.opportunityId,
                    d.name,
                    d.accountId,
                    d.zohoInvoiceId
                ])
            ),
        addAccounts: (accounts) =>
            insert(
                'reconciliation_stage_accounts',
                ['run_id', 'customer_id', 'account_id'],
                [...accounts].map(([customerId, accountId]) => [runId, customerId, accountId])
            )
    };
}

const dropRun = (db: Db, runId: string) =>
    db.query('DELETE FROM reconciliation_runs WHERE run_id = $1', [runId]);

/**
 * Runs `work` on a stage of its own: sweeps runs older than a day first, and deletes this run's
 * rows when `work` ends, also when it throws (its error is the one that surfaces). `chunk`:
 * rows a read-back query returns at most (`READ_CHUNK`).
 */
export async function withReconciliationStage<T>(
    db: Db,
    clock: Clock,
    work: (stage: ReconciliationStage) => Promise<T>,
    options: { chunk?: number } = {}
): Promise<T> {
    const now = clock.now();
    await db.query('DELETE FROM reconciliation_runs WHERE started_at < $1', [
        new Date(now - STALE_RUN_MS)
    ]);
    const runId = randomUUID();
    await db.query('INSERT INTO reconciliation_runs (run_id, started_at) VALUES ($1, $2)', [
        runId,
        new Date(now)
    ]);
    let result: T;
    try {
        result = await work(stageOf(db, runId, options.chunk));
    } catch (error) {
        await dropRun(db, runId).catch(() => undefined);
        throw error;
    }
    await dropRun(db, runId);
    return result;
}
