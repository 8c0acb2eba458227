import type { Logger } from '../../src/log.ts';
import { DEMO_SALES_REP, type SandboxPair } from '../demo/sandbox-mode.ts';
import { consoleBundle } from './bundle.ts';
import { readLabels } from './labels.ts';
import { LABELS_FILE } from './build.ts';
import { consoleRoutes } from './routes.ts';
import { zohoBooks } from './zoho-books.ts';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

export const CONSOLE_PATH = '/console';

/**
 * The sandbox console next to the companion: `/console` and below go to the console, every
 * other request to the companion. Loaded only in sandbox mode; the bundle starts building (or
 * comes from the cache) at once.
 */
export async function withConsole(
    companion: Fetch,
    deps: { pair: SandboxPair; log: Logger; cacheDir?: string }
): Promise<Fetch> {
    const { pair, log } = deps;
    const bundle = await consoleBundle({
        log,
        ...(deps.cacheDir ? { cacheDir: deps.cacheDir } : {})
    });
    const app = consoleRoutes({
        apex: {
            salesforce: pair.salesforce.sandbox,
            orgId: pair.salesforce.credentials.org_id,
            username: DEMO_SALES_REP,
            labels: await readLabels(LABELS_FILE),
            now: () => pair.clock.now(),
            fetch
        },
        zoho: zohoBooks(pair.zoho.sandbox, pair.zoho.credentials, () => pair.clock.now()),
        bundle,
        log
    });
    const consoleApp = new (await import('hono')).Hono().route(CONSOLE_PATH, app);
    return (request, env) => {
        const { pathname } = new URL(request.url);
        return pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`)
            ? consoleApp.fetch(request, env)
            : companion(request, env);
    };
}
