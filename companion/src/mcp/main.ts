// `npm run mcp`: the MCP tools on stdio, for an agent that starts the companion's tools as a
// local process. The key comes from CLOSEBOOKS_MCP_KEY (never argv) and needs mcp:read or
// mcp:write. Uses the companion's environment (DATABASE_URL, the master key, the Zoho client)
// and talks to the store directly, like `npm run keys`; confirmed invoices are queued for the
// running companion's worker (with PGlite, stop the companion first: one process per data
// directory). Logs go to stderr; stdout carries only MCP messages.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { createMetrics } from '../metrics.ts';
import { createRuntime } from '../runtime.ts';
import { SALESFORCE_LOGIN_HOSTS } from '../salesforce/oauth.ts';
import { resolveKeyring } from '../security/master-key.ts';
import { openStore } from '../store/open-store.ts';
import { createZohoConnect } from '../zoho/connect.ts';
import { createPlanLimits } from '../zoho/plans.ts';
import { createZohoRateLimiter } from '../zoho/rate-limiter.ts';
import { ZOHO_DATA_CENTRES } from '../zoho/regions.ts';
import { serveMcp } from './stdio.ts';

function fail(message: string): never {
    process.stderr.write(`closebooks mcp: ${message}\n`);
    process.exit(1);
}

const token = process.env.CLOSEBOOKS_MCP_KEY;
if (!token) fail('set CLOSEBOOKS_MCP_KEY (npm run keys -- create --name agent --scopes mcp:read)');
const config = (() => {
    try {
        return loadConfig();
    } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
    }
})();
if (config.sandbox)
    fail('sandbox mode keeps its simulators inside `npm start`: use its /mcp endpoint instead');
const log = createLogger(config.logLevel, process.stderr);
const store = await openStore(config.store).catch((error: unknown) =>
    fail(error instanceof AppError ? error.message : String(error))
);
const keyring = await resolveKeyring(config, log);
const metrics = createMetrics({ db: store.db, clock: systemClock });
const limiter = createZohoRateLimiter({
    db: store.db,
    clock: systemClock,
    limitsFor: createPlanLimits({ db: store.db, clock: systemClock }),
    deferJobsBeyondMs: 2_000,
    onCall: (organizationId, outcome) => metrics.zohoCall(organizationId, outcome)
});
const runtime = createRuntime({
    db: store.db,
    log,
    keyring,
    metrics,
    clock: systemClock,
    zohoConnect: createZohoConnect({
        client: config.zohoClient,
        redirectUri: `${config.publicUrl}/v1/oauth/zoho/callback`,
        endpoints: ZOHO_DATA_CENTRES,
        limiter,
        clock: systemClock,
        fetch,
        log
    }),
    zohoLimiter: limiter,
    salesforceConnect: {
        client: config.salesforceClient,
        redirectUri: `${config.publicUrl}/v1/oauth/salesforce/callback`,
        loginHosts: SALESFORCE_LOGIN_HOSTS,
        fetch
    },
    salesforceNamespace: config.salesforceNamespace
});
const transport = new StdioServerTransport();
transport.onclose = () => void store.close();
await serveMcp(runtime.mcp, token, transport).catch((error: unknown) =>
    fail(error instanceof Error ? error.message : String(error))
);
