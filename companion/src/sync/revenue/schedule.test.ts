import { describe, expect, it } from 'vitest';

import { DEFAULT_REVENUE_SCHEDULE, lastFireAt } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);

describe('lastFireAt', () => {
    it.each([
        {
            name: 'nightly, after tonight’s run',
            cron: DEFAULT_REVENUE_SCHEDULE,
            now: '2026-11-02T09:00:00Z',
            want: '2026-11-02T02:00:00.000Z'
        },
        {
            name: 'nightly, before tonight’s run: last night’s',
            cron: DEFAULT_REVENUE_SCHEDULE,
            now: '2026-11-02T01:59:59Z',
            want: '2026-11-01T02:00:00.000Z'
        },
        {
            name: 'exactly at the fire time',
            cron: DEFAULT_REVENUE_SCHEDULE,
            now: '2026-11-02T02:00:00Z',
            want: '2026-11-02T02:00:00.000Z'
        },
        {
            name: 'first of the month at 06:30',
            cron: '30 6 1 * *',
            now: '2026-11-20T00:00:00Z',
            want: '2026-11-01T06:30:00.000Z'
        }
    ])('$name', ({ cron, now, want }) => {
        expect(new Date(lastFireAt(cron, at(now))!).toISOString()).toBe(want);
    });

    it.each([
        { name: 'not cron', cron: 'nightly' },
        { name: 'six fields (seconds)', cron: '0 0 2 * * *' },
        { name: 'out of range', cron: '0 25 * * *' }
    ])('refuses $name', ({ cron }) => {
        expect(lastFireAt(cron, at('2026-11-02T09:00:00Z'))).toBeUndefined();
    });
});
