// `npm run mcp`: the MCP tools on stdio, for an agent that starts the companion's tools as a
// local process. The key comes from CLOSEBOOKS_MCP_KEY (never argv) and needs mcp:read or
// mcp:write. Uses the companion's environment (DATABASE_URL, the master key, the Zoho client)
// and talks to the store directly, like `npm run keys`; confirmed invoices are queued for the
// running companion's worker (with PGlite, stop the companion first: one process per data
// directory). Logs go to stderr; stdout carries only MCP messages.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

import { createCompanion } from '../companion.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { resolveKeyring } from '../security/master-key.ts';
import { openStore } from '../store/open-store.ts';
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
const runtime = createCompanion({ config, db: store.db, keyring, log, publishAlerts: false });
const transport = new StdioServerTransport();
transport.onclose = () => void store.close();
await serveMcp(runtime.mcp, token, transport).catch((error: unknown) =>
    fail(error instanceof Error ? error.message : String(error))
);
