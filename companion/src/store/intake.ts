import type { Db } from './db.ts';
import { acceptEvents, type InboundEvent } from './inbox.ts';
import { enqueueMany, type NewJob } from './jobs.ts';

/**
 * Group commit for inbound events: each event is stored in the inbox with the job that follows
 * it up, in one transaction, as `acceptEvent` + `enqueue` would; but events that arrive while
 * earlier ones are being written wait and go together, many to a transaction, so a door under
 * load makes a few round trips per batch instead of five per event. At most `parallel` batches
 * are written at once (the rest of the pool stays free for reads) and at most `maxBatch` events
 * go in one. An idle door writes each event at once, alone.
 *
 * A caller's promise settles when its own event is committed (or found to be a duplicate of a
 * stored one, which then gets no second job). If a batch fails, its events are written again one
 * by one, so an event that cannot be stored fails alone and the others are still accepted.
 */

export type IntakeItem = {
    event: InboundEvent;
    /** The job that follows the event up, given its inbox id (only for an event not stored before). */
    job: (inboxId: string) => NewJob;
};

export type Intake = {
    accept(item: IntakeItem): Promise<{ accepted: boolean; inboxId: string }>;
};

type Pending = IntakeItem & {
    resolve: (answer: { accepted: boolean; inboxId: string }) => void;
    reject: (error: unknown) => void;
};

export function createIntake(deps: { db: Db; maxBatch?: number; parallel?: number }): Intake {
    const maxBatch = deps.maxBatch ?? 100;
    const parallel = deps.parallel ?? 2;
    const queue: Pending[] = [];
    let writing = 0;

    async function write(batch: Pending[]): Promise<void> {
        const answers = await deps.db.transaction(async (tx) => {
            const accepted = await acceptEvents(
                tx,
                batch.map((item) => item.event)
            );
            await enqueueMany(
                tx,
                batch.flatMap((item, i) => {
                    const answer = accepted[i];
                    return answer && !answer.duplicate ? [item.job(answer.id)] : [];
                })
            );
            return accepted;
        });
        batch.forEach((item, i) => {
            const answer = answers[i];
            if (answer) item.resolve({ accepted: !answer.duplicate, inboxId: answer.id });
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
