import type { Db } from './db.ts';
import {
    acceptEventsWithJobs,
    type FollowUpJob,
    type InboundEvent,
    type ZohoDoorPrecondition
} from './inbox.ts';

/**
 * Group commit for inbound events: each event is stored in the inbox with the job that follows
 * it up, atomically, as `acceptEvent` + `enqueue` in one transaction would; but events that
 * arrive while earlier ones are being written wait and go together, many to a statement (one
 * round trip, its own transaction: `acceptEventsWithJobs`), so a door under load makes one round
 * trip per batch instead of five per event. At most `parallel` batches are written at once (the
 * rest of the pool stays free for reads) and at most `maxBatch` events go in one. An idle door
 * writes each event at once, alone.
 *
 * A caller's promise settles when its own event is committed (or found to be a duplicate of a
 * stored one, which then gets no second job). If a batch fails, its events are written again one
 * by one, so an event that cannot be stored fails alone and the others are still accepted.
 */

export type IntakeItem = {
    event: InboundEvent;
    /** The job that follows the event up (only for an event not stored before); its payload gets `inboxId`. */
    job: FollowUpJob;
    /** Stored only if this still holds when written (else answered `refused`, nothing stored). */
    precondition?: ZohoDoorPrecondition;
};

export type IntakeAnswer = { accepted: boolean; inboxId: string; refused: boolean };

export type Intake = {
    accept(item: IntakeItem): Promise<IntakeAnswer>;
};

type Pending = IntakeItem & {
    resolve: (answer: IntakeAnswer) => void;
    reject: (error: unknown) => void;
};

export function createIntake(deps: { db: Db; maxBatch?: number; parallel?: number }): Intake {
    const maxBatch = deps.maxBatch ?? 100;
    const parallel = deps.parallel ?? 2;
    const queue: Pending[] = [];
    let writing = 0;

    async function write(batch: Pending[]): Promise<void> {
        const answers = await acceptEventsWithJobs(deps.db, batch);
        batch.forEach((item, i) => {
            const answer = answers[i];
            if (answer)
                item.resolve({
                    accepted: !answer.duplicate && !answer.refused,
                    inboxId: answer.id,
                    refused: answer.refused
                });
            else item.reject(new Error('the inbox gave no answer for an event'));
        });
    }

    async function flush(batch: Pending[]): Promise<void> {
        try {
            await write(batch);
        } catch (error) {
            if (batch.length === 1) {
                batch[0]?.reject(error);
                return;
            }
            for (const item of batch) await flush([item]);
        }
    }

    function pump(): void {
        while (writing < parallel && queue.length > 0) {
            const batch = queue.splice(0, maxBatch);
            writing += 1;
            void flush(batch).finally(() => {
                writing -= 1;
                pump();
            });
        }
    }

    return {
        accept(item) {
            return new Promise((resolve, reject) => {
                queue.push({ ...item, resolve, reject });
                pump();
            });
        }
    };
}
