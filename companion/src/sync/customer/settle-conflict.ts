import { AppError } from '../../errors.ts';
import { closeConflict, getConflict, type CustomerConflict } from '../../store/customer-sync.ts';
import type { Db } from '../../store/db.ts';
import { enqueue, type Job } from '../../store/jobs.ts';
import { CONFLICT_RESOLVE_JOB } from './resolve.ts';

/** Why a conflict could not be settled as asked. */
export class ConflictSettleError extends AppError {
    constructor(code: 'conflict_not_found' | 'conflict_closed' | 'value_missing', message: string) {
        super(code, message);
    }
}

export type ConflictChoice =
    | { choose: 'salesforce' | 'zoho' }
    | { choose: 'value'; value: string | number | boolean | null | undefined };

/**
 * Settles one open customer conflict with the Salesforce value, the Zoho value or a given value,
 * and queues the job that writes it to the Zoho contact and the Account (both in one
 * transaction: a conflict is never closed without its job).
 */
export async function settleConflict(
    deps: { db: Db; nowMs: () => number },
    input: {
        connectionId: string;
        conflictId: string;
        choice: ConflictChoice;
        correlationId?: string | undefined;
    }
): Promise<{ conflict: CustomerConflict; job: Job }> {
    const { connectionId, conflictId, choice } = input;
    const conflict = await getConflict(deps.db, connectionId, conflictId);
    if (!conflict) throw new ConflictSettleError('conflict_not_found', 'no such conflict');
    if (choice.choose === 'value' && choice.value === undefined)
        throw new ConflictSettleError('value_missing', 'choose: value needs a value');
    const value =
        choice.choose === 'value'
            ? choice.value
            : choice.choose === 'salesforce'
              ? conflict.salesforceValue
              : conflict.zohoValue;
    const settled = await deps.db.transaction(async (tx) => {
        const closed = await closeConflict(
            tx,
            connectionId,
            conflictId,
            { choose: choice.choose, value: value ?? null },
            deps.nowMs()
        );
        if (!closed) return undefined;
        return enqueue(tx, {
            kind: CONFLICT_RESOLVE_JOB,
            partitionKey: `zoho:${conflict.zohoOrganizationId}`,
            connectionId,
            payload: { conflictId },
            dedupeKey: `customer-conflict:${connectionId}:${conflictId}`,
            maxAttempts: 5,
            ...(input.correlationId ? { correlationId: input.correlationId } : {})
        });
    });
    if (!settled)
        throw new ConflictSettleError('conflict_closed', 'the conflict was settled already');
    const after = (await getConflict(deps.db, connectionId, conflictId))!;
    return { conflict: after, job: settled.job };
}
