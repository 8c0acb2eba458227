import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { freshStore, TEST_ORG_ID } from '../../test/support/store-fixture.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import { createRetention, RETENTION_EVERY_MS, RETENTION_JOB } from '../jobs/retention.ts';
import { DEFAULT_RETENTION, purgeExpired } from './retention.ts';

const DAY = 86_400_000;

describe(`retention (${testBackend})`, () => {
    const t = useTestDb();
    let connectionId = '';
    // Timestamps are written relative to this clock, never to today's date.
    const clock = createSandboxClock({ startAt: Date.UTC(2027, 2, 14, 9, 30), scale: 0 });
    const ago = (days: number) => new Date(clock.now() - days * DAY);

    async function job(state: string, finishedDaysAgo: number | null, key: string) {
        await t.db.query(
            `INSERT INTO jobs (connection_id, kind, partition_key, state, finished_at, dedupe_key)
             VALUES ($1, 'zoho.invoice.create', 'zoho:1', $2, $3, $4)`,
            [connectionId, state, finishedDaysAgo === null ? null : ago(finishedDaysAgo), key]
        );
    }
    async function inbox(processedDaysAgo: number | null, receivedDaysAgo: number, id: string) {
        await t.db.query(
            `INSERT INTO inbox (connection_id, source, source_event_id, type, payload, received_at, processed_at)
             VALUES ($1, 'salesforce', $2, 'opportunity.won', '{}', $3, $4)`,
            [
                connectionId,
                id,
                ago(receivedDaysAgo),
                processedDaysAgo === null ? null : ago(processedDaysAgo)
            ]
        );
    }
    async function journal(daysAgo: number, subject: string) {
        await t.db.query(
            `INSERT INTO journal (connection_id, actor, target, operation, subject, request_digest, outcome, at)
             VALUES ($1, 'test', 'zoho', 'zoho.invoice.create', $2, 'd', 'ok', $3)`,
            [connectionId, subject, ago(daysAgo)]
        );
    }
    const left = async (sql: string) => (await t.db.query<{ k: string }>(sql)).map((r) => r.k);

    beforeEach(async () => {
        connectionId = (await freshStore(t, { Acme: TEST_ORG_ID })).Acme;
    });

    it('purges finished jobs, processed inbox rows and journal rows past their age, in batches', async () => {
        for (const k of ['old-1', 'old-2', 'old-3']) await job('done', 31, k);
        await job('done', 29, 'recent');
        await job('dead', 400, 'dead-letter');
        await job('queued', null, 'queued');
        await inbox(31, 32, 'processed-old');
        await inbox(2, 40, 'processed-recent');
        await inbox(null, 90, 'never-processed');
        await journal(366, 'journal-old');
        await journal(364, 'journal-recent');

        const purged = await purgeExpired(
            t.db,
            { ...DEFAULT_RETENTION, batchSize: 2 },
            clock.now()
        );

        expect(purged).toEqual({ jobs: 3, inbox: 1, journal: 1 });
        expect(await left('SELECT dedupe_key AS k FROM jobs ORDER BY dedupe_key')).toEqual([
            'dead-letter',
            'queued',
            'recent'
        ]);
        expect(await left('SELECT source_event_id AS k FROM inbox ORDER BY 1')).toEqual([
            'never-processed',
            'processed-recent'
        ]);
        expect(await left('SELECT subject AS k FROM journal')).toEqual(['journal-recent']);
        expect(await purgeExpired(t.db, DEFAULT_RETENTION, clock.now())).toEqual({
            jobs: 0,
            inbox: 0,
            journal: 0
        });
    });

    it('follows the configured ages and the moved clock', async () => {
        await job('done', 8, 'a-week-ago');
        await journal(8, 'a-week-ago');
        const policy = { ...DEFAULT_RETENTION, jobsDays: 7, journalDays: 10 };
        expect(await purgeExpired(t.db, policy, clock.now())).toMatchObject({
            jobs: 1,
            journal: 0
        });
        clock.advance(3 * DAY);
        expect(await purgeExpired(t.db, policy, clock.now())).toMatchObject({ journal: 1 });
    });

    it('queues one cleanup job an hour however many processes schedule it, and runs it', async () => {
        const retention = createRetention({
            db: t.db,
            clock,
            log: pino({ level: 'silent' }),
            policy: DEFAULT_RETENTION
        });
        expect(await retention.schedule()).toBe(1);
        expect(await retention.schedule()).toBe(0);
        clock.advance(RETENTION_EVERY_MS);
        expect(await retention.schedule()).toBe(1);
        const queued = await t.db.query<{ kind: string }>(
            "SELECT kind FROM jobs WHERE state = 'queued'"
        );
        expect(queued.map((r) => r.kind)).toEqual([RETENTION_JOB, RETENTION_JOB]);

        await job('done', 31, 'old');
        const [first] = await t.db.query<{ id: string }>(
            'SELECT id::text FROM jobs WHERE kind = $1 LIMIT 1',
            [RETENTION_JOB]
        );
        await retention.handle({ id: first!.id } as Parameters<typeof retention.handle>[0]);
        expect(await left("SELECT dedupe_key AS k FROM jobs WHERE dedupe_key = 'old'")).toEqual([]);
    });
});
