import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { Hono, type Context } from 'hono';
import { z } from 'zod';

import type { Logger } from '../../src/log.ts';
import { streamPlatformEvents } from '../salesforce/event-stream.ts';
import type { SObjectRecord } from '../salesforce/records.ts';
import { runApex, type ApexContext } from './apex.ts';
import { REPO_ROOT } from './build.ts';
import type { ConsoleBundle } from './bundle.ts';
import { ConsoleError } from './errors.ts';
import { consolePage } from './page.ts';
import { paymentInputSchema, type zohoBooks } from './zoho-books.ts';

const SLDS_ASSETS = path.join(REPO_ROOT, 'node_modules/@salesforce-ux/design-system/assets');
const CONTENT_TYPES: Record<string, string> = {
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.png': 'image/png',
    '.jpg': 'image/jpeg'
};
/** The record pages the console simulates. */
const RECORD_PAGES = ['Account', 'Opportunity'] as const;

export type ConsoleDeps = {
    apex: ApexContext;
    zoho: ReturnType<typeof zohoBooks>;
    bundle: ConsoleBundle;
    log: Logger;
};

function status(error: unknown): 400 | 404 | 500 {
    if (error instanceof z.ZodError) return 400;
    if (error instanceof ConsoleError)
        return error.code === 'console_unknown_apex' || error.code === 'console_not_found'
            ? 404
            : 400;
    return 500;
}

function messageOf(error: unknown): string {
    if (error instanceof z.ZodError) return z.prettifyError(error);
    return error instanceof Error ? error.message : String(error);
}

/** A record as its page shows it, with its account's name on an Opportunity. */
function withAccountName(deps: ConsoleDeps, record: SObjectRecord) {
    const { salesforce, orgId } = deps.apex;
    if (!record.AccountId) return record;
    const account = salesforce.records(orgId, 'Account').find((a) => a.Id === record.AccountId);
    return { ...record, accountName: account?.Name ?? null };
}

function recordOf(deps: ConsoleDeps, object: string, id: string): SObjectRecord {
    const found = deps.apex.salesforce.records(deps.apex.orgId, object).find((r) => r.Id === id);
    if (!found) throw new ConsoleError('console_not_found', `no ${object} ${id}`);
    return found;
}

async function serveAsset(c: Context) {
    // The path after `assets/`, wherever the console is mounted.
    const relative = c.req.path.replace(/^.*?\/assets\//, '');
    const file = path.resolve(SLDS_ASSETS, decodeURIComponent(relative));
    const type = CONTENT_TYPES[path.extname(file)];
    if (!file.startsWith(`${SLDS_ASSETS}${path.sep}`) || !type) return c.notFound();
    const body = await readFile(file).catch(() => undefined);
    if (!body) return c.notFound();
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'max-age=3600' });
}

/** Platform events of the asked channel for empApi; unnamed, so `onmessage` hears them. */
function eventStream(c: Context, deps: ConsoleDeps) {
    const channel = c.req.query('channel') || undefined;
    const { salesforce, orgId } = deps.apex;
    return streamPlatformEvents(c, {
        subscribe: (listener) => salesforce.subscribe(orgId, listener, channel),
        namedEvents: false
    });
}

/**
 * The sandbox console under `/console` (sandbox mode only): the page, its bundle and SLDS assets,
 * the Apex stand-ins the package's components call, the platform-event stream for empApi, and
 * the console's own routes for record pages, the Close Won action and the Zoho Books screens.
 */
export function consoleRoutes(deps: ConsoleDeps) {
    const app = new Hono();
    app.onError((error, c) => {
        const code = status(error);
        if (code === 500) deps.log.error({ err: error, path: c.req.path }, 'console failed');
        const errorCode = error instanceof ConsoleError ? error.code : 'console_refused';
        return c.json({ error: { code: errorCode, message: messageOf(error) } }, code);
    });
    const { salesforce, orgId, username } = deps.apex;
    return app
        .get('/', (c) => {
            // The page's bundle request waits for it; start the first build with the page.
            deps.bundle.ready().catch(() => undefined);
            return c.html(consolePage());
        })
        .get('/bundle.js', async (c) => {
            const file = await deps.bundle.ready();
            return c.body(await readFile(file), 200, {
                'content-type': 'text/javascript; charset=utf-8',
                'cache-control': 'no-cache'
            });
        })
        .get('/assets/*', serveAsset)
        .post('/apex/:name', async (c) => {
            const params = z.record(z.string(), z.unknown()).parse(await c.req.json());
            try {
                return c.json({ result: await runApex(c.req.param('name'), params, deps.apex) });
            } catch (error) {
                // As the platform's Aura endpoint: HTTP 200 with the action failed inside (a
                // non-2xx answer would be a browser console error). The client stand-in rejects
                // with `{status, body: {message}}`, as an AuraHandledException reaches a component.
                return c.json({ error: { status: status(error), message: messageOf(error) } });
            }
        })
        .get('/api/events', (c) => eventStream(c, deps))
        .get('/api/home', (c) =>
            c.json({
                opportunities: salesforce
                    .records(orgId, 'Opportunity')
                    .map((o) => withAccountName(deps, o)),
                accounts: salesforce
                    .records(orgId, 'Account')
                    .map((a) => ({ Id: a.Id, Name: a.Name }))
            })
        )
        .get('/api/records/:object/:id', (c) => {
            const object = z.enum(RECORD_PAGES).parse(c.req.param('object'));
            return c.json(withAccountName(deps, recordOf(deps, object, c.req.param('id'))));
        })
        .post('/api/opportunities/:id/close-won', (c) => {
            const id = recordOf(deps, 'Opportunity', c.req.param('id')).Id;
            // As the sales rep, so the package's triggers run as they would for a user.
            salesforce.update(orgId, 'Opportunity', id, { StageName: 'Closed Won' }, username);
            return c.json(withAccountName(deps, recordOf(deps, 'Opportunity', id)));
        })
        .get('/api/zoho', async (c) => c.json(await deps.zoho.view()))
        .post('/api/zoho/invoices/:id/sent', async (c) => {
            await deps.zoho.markSent(c.req.param('id'));
            return c.body(null, 204);
        })
        .post('/api/zoho/payments', async (c) => {
            const input = paymentInputSchema.parse(await c.req.json());
            return c.json(await deps.zoho.recordPayment(input), 201);
        });
}
