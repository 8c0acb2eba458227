import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

import type { Clock } from './clock.ts';
import type { Db } from './store/db.ts';
import { countUnprocessed } from './store/inbox.ts';
import { countJobsByState } from './store/jobs-admin.ts';

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The companion's Prometheus metrics (`GET /metrics`, scope `metrics:read`). Counters are
 * incremented where things happen; gauges that describe stored state are read from the database
 * at scrape time, so every process reports the shared truth.
 */
export function createMetrics(deps: { db: Db; clock: Clock }) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'closebooks_process_' });

    const zohoCalls = new Counter({
        name: 'closebooks_zoho_calls_total',
        help: 'Calls to the Zoho Books API by organization and HTTP status',
        labelNames: ['organization', 'status'] as const,
        registers: [registry]
    });
    const zohoRateLimited = new Counter({
        name: 'closebooks_zoho_rate_limited_total',
        help: '429 answers from Zoho by organization and Zoho code (44 minute, 45 daily, 1070 concurrency)',
        labelNames: ['organization', 'code'] as const,
        registers: [registry]
    });
    const alerts = new Counter({
        name: 'closebooks_alerts_total',
        help: 'Alerts raised (daily_quota_80, rate_limited, …)',
        labelNames: ['kind'] as const,
        registers: [registry]
    });
    const salesforceApiUsage = new Gauge({
        name: 'closebooks_salesforce_api_requests',
        help: 'Salesforce daily API requests (used, max) as last reported by Sforce-Limit-Info, by connection',
        labelNames: ['connection', 'kind'] as const,
        registers: [registry]
    });
    const webhookLagSeconds = new Gauge({
        name: 'closebooks_zoho_webhook_lag_seconds',
        help: 'Seconds between a Zoho change and its webhook reaching the companion (last seen)',
        labelNames: ['organization'] as const,
        registers: [registry]
    });
    new Gauge({
        name: 'closebooks_jobs',
        help: 'Jobs by state',
        labelNames: ['state'] as const,
        registers: [registry],
        async collect() {
            const counts = await countJobsByState(deps.db);
            for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        }
    });
    new Gauge({
        name: 'closebooks_inbox_unprocessed',
        help: 'Inbound events stored but not yet processed',
        registers: [registry],
        async collect() {
            this.set(await countUnprocessed(deps.db));
        }
    });
    new Gauge({
        name: 'closebooks_zoho_daily_calls',
        help: 'Zoho API calls in the last 24 hours by organization (against its daily quota)',
        labelNames: ['organization'] as const,
        registers: [registry],
        async collect() {
            this.reset();
            const rows = await deps.db.query<{ organization_id: string; n: number }>(
                'SELECT organization_id, count(*)::int AS n FROM zoho_api_calls WHERE at_ms > $1 GROUP BY organization_id',
                [deps.clock.now() - 24 * 60 * 60_000]
            );
            for (const row of rows) this.set({ organization: row.organization_id }, row.n);
        }
    });

    return {
        registry,
        zohoCalls,
        zohoRateLimited,
        alerts,
        salesforceApiUsage,
        webhookLagSeconds,
        /** One finished Zoho call (the rate limiter reports each): its status, and a 429's code. */
        zohoCall(organization: string, outcome: { status?: number; zohoCode?: number }) {
            const status = outcome.status === undefined ? 'no_answer' : String(outcome.status);
            zohoCalls.inc({ organization, status });
            if (outcome.status === 429)
                zohoRateLimited.inc({ organization, code: String(outcome.zohoCode ?? 'none') });
        },
        /** The API usage a Salesforce response reported for a connection's org. */
        salesforceUsage(connection: string, usage: { used: number; max: number }) {
            salesforceApiUsage.set({ connection, kind: 'used' }, usage.used);
            salesforceApiUsage.set({ connection, kind: 'max' }, usage.max);
        }
    };
}
