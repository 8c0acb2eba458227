import { describe, expect, it } from 'vitest';

import { createMetrics } from './metrics.ts';
import type { Db } from './store/db.ts';

/** The counters the README lists are fed through these two calls (scrape-time gauges aside). */
describe('metrics', () => {
    // Only the scrape-time gauges read the database; these tests read single metrics.
    const metrics = createMetrics({ db: {} as Db, clock: { now: () => 0 } as never });
    const text = (name: string) => metrics.registry.getSingleMetricAsString(name);

    it('counts Zoho calls by organization and status, and 429s by Zoho code', async () => {
        metrics.zohoCall('111', { status: 201, zohoCode: 0 });
        metrics.zohoCall('111', { status: 201, zohoCode: 0 });
        metrics.zohoCall('222', { status: 429, zohoCode: 44 });
        metrics.zohoCall('222', {});
        const calls = await text('closebooks_zoho_calls_total');
        expect(calls).toContain('closebooks_zoho_calls_total{organization="111",status="201"} 2');
        expect(calls).toContain('closebooks_zoho_calls_total{organization="222",status="429"} 1');
        expect(calls).toContain(
            'closebooks_zoho_calls_total{organization="222",status="no_answer"} 1'
        );
        const limited = await text('closebooks_zoho_rate_limited_total');
        expect(limited).toContain(
            'closebooks_zoho_rate_limited_total{organization="222",code="44"} 1'
        );
        expect(limited).not.toContain('organization="111"');
    });

    it('shows the latest Salesforce API usage a connection reported', async () => {
        metrics.salesforceUsage('conn-a', { used: 10, max: 15000 });
        metrics.salesforceUsage('conn-a', { used: 12, max: 15000 });
        const usage = await text('closebooks_salesforce_api_requests');
        expect(usage).toContain(
            'closebooks_salesforce_api_requests{connection="conn-a",kind="used"} 12'
        );
        expect(usage).toContain(
            'closebooks_salesforce_api_requests{connection="conn-a",kind="max"} 15000'
        );
    });
});
