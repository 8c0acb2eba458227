import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { createConnection } from './connections.ts';
import type { Db } from './db.ts';
import { acceptEventsWithJobs, type InboundEvent } from './inbox.ts';
import { createIntake, type IntakeItem } from './intake.ts';
import { listJobs } from './jobs-admin.ts';

describe(`event intake, many events to a transaction (${testBackend})`, () => {
    let t: TestDb;
    let connectionId = '';

    /** The test database, counting its round trips (a transaction's BEGIN and COMMIT too). */
    function counted(db: Db) {
        const counter = { roundTrips: 0, transactions: 0 };
        const wrapped: Db = {
            ...db,
            query: (sql, params) => {
                counter.roundTrips += 1;
                return db.query(sql, params);
            },
            transaction: (fn) => {
                counter.transactions += 1;
                counter.roundTrips += 2;
                return db.transaction((tx) =>
                    fn({
                        ...tx,
                        query: (sql, params) => {
                            counter.roundTrips += 1;
                            return tx.query(sql, params);
                        }
                    })
                );
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
            job: {
                kind: 'salesforce.invoice.sync',
                partitionKey: `salesforce:${connection}`,
                connectionId: connection,
                payload: { recordId: sourceEventId },
                dedupeKey: `zoho:${connection}:${sourceEventId}`
            }
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

    it('stores forty events arriving together, each once with its own job, in one statement a batch', async () => {
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
            const payload = job.payload as { inboxId: string; recordId: string };
            expect(payload.recordId).toBe(inboxOf.get(payload.inboxId));
            expect(job.dedupeKey).toBe(`zoho:${connectionId}:${payload.recordId}`);
        }
        // Two written alone as they came, then the rest in one or two batches: a statement each
        // (a transaction of BEGIN, inbox, partitions, jobs and COMMIT would be five).
        expect(counter.transactions).toBe(0);
        expect(counter.roundTrips).toBeLessThanOrEqual(4);
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

    // PGlite is one connection: no second writer can race the batch there.
    it.runIf(testBackend === 'postgres')(
        'answers an event another writer stored while the batch was running as a duplicate with its stored id',
        async () => {
            const intake = createIntake({ db: t.db, parallel: 1 });
            let commit = () => undefined as void;
            let inserted = (_id: string) => undefined as void;
            const racerId = new Promise<string>((resolve) => (inserted = resolve));
            const racer = t.db.transaction(async (tx) => {
                const [row] = await tx.query<{ id: string }>(
                    `INSERT INTO inbox (connection_id, source, source_event_id, type, payload)
                     VALUES ($1, 'zoho', 'raced', 'invoice.changed', '{}') RETURNING id::text`,
                    [connectionId]
                );
                inserted(row?.id ?? '');
                await new Promise<void>((resolve) => (commit = resolve));
            });
            const storedId = await racerId;

            // The batch's statement starts (its snapshot without the racer's row) and waits on
            // the racer's uncommitted key; the racer then commits.
            const answer = intake.accept(item('raced'));
            for (let waited = 0; waited < 200; waited += 1) {
                const [lock] = await t.db.query<{ n: number }>(
                    `SELECT count(*)::int AS n FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'`
                );
                if ((lock?.n ?? 0) > 0) break;
                await new Promise((resolve) => setTimeout(resolve, 10));
            }
            commit();
            await racer;

            expect(await answer).toEqual({ accepted: false, inboxId: storedId, refused: false });
            expect(await listJobs(t.db)).toHaveLength(0);
        }
    );

    it.runIf(testBackend === 'postgres')(
        'writes a batch by a statement prepared once per connection, not parsed at each call',
        async () => {
            const prepared = await t.db.transaction(async (tx) => {
                await acceptEventsWithJobs(tx, [item('p1')]);
                await acceptEventsWithJobs(tx, [item('p2'), item('p3')]);
                return tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
            });
            expect(prepared.map((p) => p.name)).toContain('closebooks_accept_events_with_jobs');
            expect(await inbox()).toHaveLength(3);
        }
    );

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
