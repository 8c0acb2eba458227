import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { createConnection } from './connections.ts';
import type { Db } from './db.ts';
import type { InboundEvent } from './inbox.ts';
import { createIntake, type IntakeItem } from './intake.ts';
import { listJobs } from './jobs-admin.ts';

describe(`event intake, many events to a transaction (${testBackend})`, () => {
    let t: TestDb;
    let connectionId = '';

    /** The test database, counting the transactions begun on it. */
    function counted(db: Db) {
        const counter = { transactions: 0 };
        const wrapped: Db = {
            ...db,
            transaction: (fn) => {
                counter.transactions += 1;
                return db.transaction(fn);
            }
        };
        return { db: wrapped, counter };
    }

    const item = (sourceEventId: string, connection = connectionId): IntakeItem => {
        const event: InboundEvent = {
            connectionId: connection,
            source: 'zoho',
            sourceEventId,
            type: 'invoice.changed',
            payload: { recordId: sourceEventId }
        };
        return {
            event,
            job: (inboxId) => ({
                kind: 'salesforce.invoice.sync',
                partitionKey: `salesforce:${connection}`,
                connectionId: connection,
                payload: { inboxId },
                dedupeKey: `zoho:${connection}:${sourceEventId}`
            })
        };
    };

    async function inbox() {
        return t.db.query<{ id: string; source_event_id: string }>(
            'SELECT id::text, source_event_id FROM inbox ORDER BY id'
        );
    }

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        connectionId = (
            await createConnection(t.db, { name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
        ).id;
    });

    it('stores forty events arriving together, each once with its own job, in a few transactions', async () => {
        const { db, counter } = counted(t.db);
        const intake = createIntake({ db, parallel: 2 });
        const ids = Array.from({ length: 40 }, (_, i) => `e${i}`);

        const answers = await Promise.all(ids.map((id) => intake.accept(item(id))));

        expect(answers.every((a) => a.accepted)).toBe(true);
        const rows = await inbox();
        expect(rows.map((r) => r.source_event_id).sort()).toEqual([...ids].sort());
        expect(answers.map((a) => a.inboxId).sort()).toEqual(rows.map((r) => r.id).sort());
        const jobs = await listJobs(t.db);
        expect(jobs).toHaveLength(40);
        const inboxOf = new Map(rows.map((r) => [r.id, r.source_event_id]));
        for (const job of jobs) {
            const inboxId = (job.payload as { inboxId: string }).inboxId;
            expect(job.dedupeKey).toBe(`zoho:${connectionId}:${inboxOf.get(inboxId)}`);
        }
        expect(counter.transactions).toBeLessThanOrEqual(4);
    });

    it('answers a repeat, in the same batch or of an event stored before, as a duplicate with no second job', async () => {
        const intake = createIntake({ db: t.db, parallel: 1 });
        const first = await intake.accept(item('before'));

        // 'w' is written alone; the rest wait for it and go together, in one batch.
        const [, ...answers] = await Promise.all([
            intake.accept(item('w')),
            intake.accept(item('x')),
            intake.accept(item('x')),
            intake.accept(item('before')),
            intake.accept(item('y'))
        ]);

        expect(answers.map((a) => a.accepted)).toEqual([true, false, false, true]);
        expect(answers[1]?.inboxId).toBe(answers[0]?.inboxId);
        expect(answers[2]?.inboxId).toBe(first.inboxId);
        expect(await inbox()).toHaveLength(4);
        expect(await listJobs(t.db)).toHaveLength(4);
    });

    it('fails an event that cannot be stored alone, and still stores the others written with it', async () => {
        const intake = createIntake({ db: t.db, parallel: 1 });

        const answers = await Promise.allSettled([
            intake.accept(item('a')),
            intake.accept(item('b')),
            intake.accept(item('orphan', 'no-such-connection')),
            intake.accept(item('c'))
        ]);

        expect(answers.map((a) => a.status)).toEqual([
            'fulfilled',
            'fulfilled',
            'rejected',
            'fulfilled'
        ]);
        expect((await inbox()).map((r) => r.source_event_id).sort()).toEqual(['a', 'b', 'c']);
        expect(await listJobs(t.db)).toHaveLength(3);
    });
});
