import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../../sandbox/clock.ts';
import { createTestDb, testBackend, type TestDb } from '../../../test/support/test-db.ts';
import { createConnection, setConnectionStatus } from '../../store/connections.ts';
import { enqueue } from '../../store/jobs.ts';
import { listJobs } from '../../store/jobs-admin.ts';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from '../flow-settings.ts';
import { REVENUE_JOB } from './flow.ts';
import { createRevenueScheduler } from './schedule.ts';

describe(`revenue schedule (${testBackend})`, () => {
    let t: TestDb;
    let connectionId = '';
    let settings: FlowSettings;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 2, 9), scale: 0 });
    const log = pino({ level: 'silent' });

    const scheduler = () =>
        createRevenueScheduler({
            db: t.db,
            clock,
            log,
            settings: { get: () => Promise.resolve(settings) },
            deferWhile: ['zoho.invoice.create']
        });
    const runs = async () =>
        (await listJobs(t.db, {})).filter((j) => j.kind === REVENUE_JOB).map((j) => j.dedupeKey);

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        settings = { ...DEFAULT_FLOW_SETTINGS, revenueSchedule: '0 */6 * * *' };
        connectionId = (
            await createConnection(t.db, { name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
        ).id;
        await setConnectionStatus(t.db, connectionId, 'active');
    });

    it('queues one run per fire time of the cron, however often it looks', async () => {
        expect(await scheduler().schedule()).toBe(1);
        expect(await scheduler().schedule()).toBe(0);
        expect(await runs()).toEqual([`revenue:${connectionId}:${Date.UTC(2026, 10, 2, 6)}`]);
        clock.advance(3 * 3_600_000);
        expect(await scheduler().schedule()).toBe(1);
        expect((await runs()).sort()).toEqual([
            `revenue:${connectionId}:${Date.UTC(2026, 10, 2, 6)}`,
            `revenue:${connectionId}:${Date.UTC(2026, 10, 2, 12)}`
        ]);
    });

    it('runs nightly when the schedule is not a cron expression', async () => {
        settings = { ...settings, revenueSchedule: 'every night' };
        expect(await scheduler().schedule()).toBe(1);
        expect(await runs()).toEqual([`revenue:${connectionId}:${Date.UTC(2026, 10, 2, 2)}`]);
    });

    it.each([
        {
            name: 'switched off in the package',
            apply: () => void (settings.revenueEnabled = false)
        },
        {
            name: 'busy invoicing',
            apply: () =>
                enqueue(t.db, {
                    kind: 'zoho.invoice.create',
                    partitionKey: 'zoho:1',
                    connectionId
                }).then(() => undefined)
        }
    ])('queues nothing while $name', async ({ apply }) => {
        await apply();
        expect(await scheduler().schedule()).toBe(0);
        expect(await runs()).toEqual([]);
    });
});
