import { backoffMs } from '../../backoff.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { writeCollections, type CollectionWrite } from '../../salesforce/composite.ts';
import { isRetryableRecordCode } from '../../salesforce/errors.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import { forgetMirrorState } from '../../store/mirror-state.ts';
import { markWritebackFailed, markWritebacksSent, type Writeback } from '../../store/writebacks.ts';
import type { ConnectionClients } from '../clients.ts';

/** A record Salesforce refused on a retryable code (a lock) is tried again on this schedule. */
export const RECORD_RETRY = { baseMs: 1_000, capMs: 60_000 } as const;

export type SendDeps = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    /** Tries per change before a refused record is given up. */
    maxAttempts: number;
    /** The jitter of the backoff (tests pin it). */
    random?: () => number;
};

/** How a change's failed try ends: tried again after `retryAfterMs`, or given up. */
export function writebackRetry(
    row: Pick<Writeback, 'attempts'>,
    failure: { retryable: boolean; wholeCall: boolean },
    options: { maxAttempts: number; random?: (() => number) | undefined }
): { giveUp: boolean; retryAfterMs: number } {
    const attempt = row.attempts + 1;
    // A whole call that failed says nothing about the change: it waits as the job does.
    const giveUp = failure.wholeCall
        ? !failure.retryable && attempt >= options.maxAttempts
        : !failure.retryable || attempt >= options.maxAttempts;
    const schedule = failure.wholeCall ? {} : RECORD_RETRY;
    return { giveUp, retryAfterMs: backoffMs(attempt, { ...schedule, random: options.random }) };
}

/** Every change sent (or tried) is in the journal, with what it was about and how it went. */
function journal(
    q: Queryable,
    input: { connectionId: string; actor: string; row: Writeback },
    outcome: 'ok' | 'error' | 'unknown',
    errors?: string[]
) {
    const { row } = input;
    return recordWrite(q, {
        connectionId: input.connectionId,
        correlationId: row.correlationId,
        actor: `writeback:${input.actor}`,
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

/**
 * Sends one batch of changes in as few composite calls as the records need, marks what went,
 * and records each refused record's retry or give-up.
 *
 * @returns the error of the call when it failed as a whole (each change then waits to be
 * tried again), undefined when Salesforce answered for every record.
 */
export async function sendBatch(
    deps: SendDeps,
    input: { connectionId: string; actor: string; rows: Writeback[] }
): Promise<unknown> {
    const { connectionId, rows } = input;
    const writes: { row: Writeback; write: CollectionWrite }[] = rows.flatMap((row) =>
        row.records.map((write) => ({ row, write }))
    );
    const now = () => deps.clock.now();
    const at = (row: Writeback) => ({ connectionId, actor: input.actor, row });
    try {
        const sf = await deps.clients.salesforce(connectionId);
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
        await deps.db.transaction(async (tx) => {
            await markWritebacksSent(
                tx,
                rows.filter((r) => !failures.has(r)),
                now()
            );
            for (const row of rows) {
                const errors = failures.get(row);
                await journal(tx, at(row), errors ? 'error' : 'ok', errors);
            }
        });
        for (const [row, errors] of failures) {
            const retry = writebackRetry(
                row,
                { retryable: retryable.get(row) ?? false, wholeCall: false },
                deps
            );
            await markWritebackFailed(deps.db, row, {
                error: errors.join(' | '),
                nowMs: now(),
                ...retry
            });
            if (retry.giveUp) await forgetMirrorState(deps.db, connectionId, row.subject);
            deps.log[retry.giveUp ? 'error' : 'warn'](
                { connectionId, subject: row.subject, errors, giveUp: retry.giveUp },
                'write-back to Salesforce failed'
            );
        }
        deps.log.info(
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
        return undefined;
    } catch (error) {
        const retryable = !(error instanceof AppError) || error.retryable;
        const message = error instanceof Error ? error.message : String(error);
        for (const row of rows) {
            await markWritebackFailed(deps.db, row, {
                error: message,
                nowMs: now(),
                ...writebackRetry(row, { retryable, wholeCall: true }, deps)
            });
            await journal(deps.db, at(row), 'unknown', [message]).catch(() => undefined);
        }
        deps.log.warn({ err: error, connectionId, changes: rows.length }, 'write-back call failed');
        return error;
    }
}
