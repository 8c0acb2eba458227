import { Hono } from 'hono';

import { type DataEnv, sfJson } from '../http.ts';
import { usedRequests } from '../limits.ts';
import { identityUrl } from '../oauth.ts';
import { LATEST_API_VERSION, MIN_API_VERSION, type SandboxState } from '../state.ts';
import { parseDateTime } from '../values.ts';

const RELEASES: Record<number, string> = {
    62: "Winter '25",
    63: "Spring '25",
    64: "Summer '25",
    65: "Winter '26",
    66: "Spring '26",
    67: "Summer '26"
};

/** `GET /services/data/`: every served version, no session needed, not counted (§A.0). */
export function versionList() {
    const versions = [];
    for (let major = MIN_API_VERSION; major <= LATEST_API_VERSION; major++)
        versions.push({
            label: RELEASES[major] ?? `API ${major}.0`,
            url: `/services/data/v${major}.0`,
            version: `${major}.0`
        });
    return versions;
}

/** The version root (resource directory) and `/limits`. */
export function resourceRoutes(state: SandboxState) {
    return new Hono<DataEnv>()
        .get('/', (c) => {
            const base = `/services/data/${c.get('version')}`;
            const names = ['sobjects', 'query', 'queryAll', 'composite', 'limits'];
            const origin = new URL(c.req.url).origin;
            return sfJson({
                ...Object.fromEntries(names.map((n) => [n, `${base}/${n}`])),
                identity: identityUrl(origin, c.get('org').id, c.get('userId'))
            });
        })
        .get('/limits', (c) => {
            const usage = c.get('org').usage;
            const used = usedRequests(usage, state.clock.now());
            const limit = (max: number, remaining: number) => ({ Max: max, Remaining: remaining });
            const hourAgo = state.clock.now() - 3_600_000;
            const publishedLastHour = c
                .get('org')
                .bus.history.filter(
                    (m) => (parseDateTime(String(m.payload.CreatedDate)) ?? 0) > hourAgo
                ).length;
            return sfJson({
                DailyApiRequests: limit(usage.limit, Math.max(0, usage.limit - used)),
                DailyAsyncApexExecutions: limit(250000, 250000),
                DailyBulkApiBatches: limit(15000, 15000),
                DailyBulkV2QueryJobs: limit(10000, 10000),
                HourlyPublishedPlatformEvents: limit(250000, 250000 - publishedLastHour),
                DataStorageMB: limit(5, 5),
                FileStorageMB: limit(20, 20)
            });
        });
}
