import { randomUUID } from 'node:crypto';

import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { writeCollections, type CollectionWrite } from '../../salesforce/composite.ts';
import { isRetryableRecordCode } from '../../salesforce/errors.ts';
import { COLLECTION_LIMIT } from '../../salesforce/writes.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import { forgetMirrorState } from '../../store/mirror-state.ts';
import {
    claimWritebacks,
    markWritebackFailed,
    markWritebacksSent,
    pendingWritebacks,
    type PendingSummary,
    type Writeback
} from '../../store/writebacks.ts';
import type { ConnectionClients } from '../clients.ts';

export type WritebackSenderOptions = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    /** Job kinds whose results come back through here: while any is queued, batches fill up. */
    busyKinds: readonly string[];
    workerId?: string;
    /** How often to look, in real milliseconds. */
    tickMs?: number;
    /** Changes per send (each change is a few records; five collections of 200 per call). */
    batchSize?: number;
    /**
     * The longest a change waits for its batch to fill while work is still coming (clock ms).
     * 150 s lets a batch of 200 fill at Zoho's 100 calls a minute, so a burst costs one
     * Salesforce call per 200 invoices.
     */
    maxDelayMs?: number;
    /** With no work coming, send once nothing new arrived for this long (clock ms). */
    quietMs?: number;
    maxAttempts?: number;
};

/**
 * Sends the changes owed to Salesforce in as few API calls as possible. While a burst is being
 * invoiced the changes gather into batches of up to `batchSize` (one composite call each);
 * when the burst is over, or a change has waited `maxDelayMs`, whatever waits goes at once.
 * Rows are leased, so several processes never send the same change twice at the same time.
 */
export function createWritebackSender(options: WritebackSenderOptions) {
    const workerId = options.workerId ?? `writeback-${randomUUID().slice(0, 8)}`;
    const tickMs = options.tickMs ?? 200;
    const batchSize = options.batchSize ?? COLLECTION_LIMIT;
    const maxDelayMs = options.maxDelayMs ?? 150_000;
    const quietMs = options.quietMs ?? 500;
    const maxAttempts = options.maxAttempts ?? 8;
    const log = options.log.child({ component: 'writeback', workerId });
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let stopped = true;

    async function busy(connectionId: string): Promise<boolean> {
        const [row] = await options.db.query<{ busy: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM jobs WHERE connection_id = $1 AND kind = ANY($2)
                 AND state IN ('queued', 'running', 'retrying')) AS busy`,
            [connectionId, [...options.busyKinds]]
        );
        return row?.busy ?? false;
    }

    async function due(summary: PendingSummary, force: boolean): Promise<boolean> {
        if (force || summary.count >= batchSize) return true;
        const waited = options.clock.now() - summary.oldestMs;
        if (waited >= maxDelayMs) return true;
        return waited >= quietMs && !(await busy(summary.connectionId));
    }

    /** Every change sent (or tried) is in the journal, with what it was about and how it went. */
    function journal(
        q: Queryable,
        connectionId: string,
        row: Writeback,
        outcome: 'ok' | 'error' | 'unknown',
        errors?: string[]
    ) {
        return recordWrite(q, {
            connectionId,
            correlationId: row.correlationId,
            actor: `writeback:${workerId}`,
            target: 'salesforce',
            operation: 'salesforce.writeback',
            subject: row.subject,
            requestDigest: digestRequest(row.records),
            outcome,
            detail: {
                records: row.records.map((r) => `${r.op} ${r.sobject}`),
                ...(errors ? { errors } : {})
            }
        });
    }

    async function send(connectionId: string, rows: Writeback[]): Promise<void> {
        const writes: { row: Writeback; write: CollectionWrite }[] = rows.flatMap((row) =>
            row.records.map((write) => ({ row, write }))
        );
        const now = () => options.clock.now();
        try {
            const sf = await options.clients.salesforce(connectionId);
            const results = await writeCollections(
                sf,
                writes.map((w) => w.write)
            );
            const failures = new Map<Writeback, string[]>();
            const retryable = new Map<Writeback, boolean>();
            results.forEach((result, i) => {
                if (result.ok) return;
                const row = writes[i]!.row;
                const codes = result.errors.map((e) => `${e.statusCode}: ${e.message}`);
                failures.set(row, [
                    ...(failures.get(row) ?? []),
                    `${writes[i]!.write.sobject} ${codes.join('; ')}`
                ]);
                const canRetry = result.errors.every((e) => isRetryableRecordCode(e.statusCode));
                retryable.set(row, (retryable.get(row) ?? true) && canRetry);
            });
            await options.db.transaction(async (tx) => {
                await markWritebacksSent(
                    tx,
                    rows.filter((r) => !failures.has(r)),
                    now()
                );
                for (const row of rows) {
                    const errors = failures.get(row);
                    await journal(tx, connectionId, row, errors ? 'error' : 'ok', errors);
                }
            });
            for (const [row, errors] of failures) {
                const giveUp = !retryable.get(row) || row.attempts + 1 >= maxAttempts;
                await markWritebackFailed(options.db, row, {
                    error: errors.join(' | '),
                    nowMs: now(),
                    retryAfterMs: Math.min(60_000, 1_000 * 2 ** row.attempts),
                    giveUp
                });
                if (giveUp) await forgetMirrorState(options.db, connectionId, row.subject);
                log[giveUp ? 'error' : 'warn'](
                    { connectionId, subject: row.subject, errors, giveUp },
                    'write-back to Salesforce failed'
                );
            }
            log.info(
                {
                    connectionId,
                    changes: rows.length,
                    records: writes.length,
                    failed: failures.size,
                    correlationIds: [
                        ...new Set(rows.flatMap((r) => (r.correlationId ? [r.correlationId] : [])))
                    ]
                },
                'write-back sent'
            );
        } catch (error) {
            const retry = !(error instanceof AppError) || error.retryable;
            for (const row of rows)
                await markWritebackFailed(options.db, row, {
                    error: error instanceof Error ? error.message : String(error),
                    nowMs: now(),
                    retryAfterMs: Math.min(300_000, 2_000 * 2 ** row.attempts),
                    giveUp: !retry && row.attempts + 1 >= maxAttempts
                });
            const message = error instanceof Error ? error.message : String(error);
            for (const row of rows)
                await journal(options.db, connectionId, row, 'unknown', [message]).catch(
                    () => undefined
                );
            log.warn({ err: error, connectionId, changes: rows.length }, 'write-back call failed');
        }
    }

    /** One look at every connection; `force` sends whatever waits (shutdown, tests). */
    async function flush(force = false): Promise<number> {
        let sent = 0;
        const summaries = await pendingWritebacks(options.db, options.clock.now());
        for (const first of summaries) {
            // One batch at a time, each only when due: after a batch the rest is judged afresh,
            // so a young remainder keeps filling instead of going out half empty.
            let summary: PendingSummary | undefined = first;
            while (summary && (await due(summary, force))) {
                const rows = await claimWritebacks(options.db, {
                    connectionId: summary.connectionId,
                    workerId,
                    limit: batchSize,
                    nowMs: options.clock.now(),
                    leaseMs: 5 * 60_000
                });
                if (rows.length === 0) break;
                await send(summary.connectionId, rows);
                sent += rows.length;
                summary = (await pendingWritebacks(options.db, options.clock.now())).find(
                    (p) => p.connectionId === first.connectionId
                );
            }
        }
        return sent;
    }

    function schedule(delay = tickMs): void {
        if (stopped) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
            running = flush()
                .then(() => undefined)
                .catch((error: unknown) => log.error({ err: error }, 'write-back pass failed'))
                .finally(() => {
                    running = undefined;
                    schedule();
                });
        }, delay);
        timer.unref();
    }

    return {
        workerId,
        start(): void {
            stopped = false;
            schedule(0);
        },
        /** Looks again soon (a change was just queued). */
        poke(): void {
            if (!stopped && !running) schedule(Math.min(tickMs, 50));
        },
        flush,
        async stop(): Promise<void> {
            stopped = true;
            clearTimeout(timer);
            await running;
        }
    };
}
export type WritebackSender = ReturnType<typeof createWritebackSender>;
