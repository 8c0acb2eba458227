import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { systemClock } from '../src/clock.ts';
import { EVENT_HEADERS } from '../src/contracts/salesforce-events.ts';
import { createApiKey } from '../src/store/api-keys.ts';
import { addZohoOrganization, createConnection } from '../src/store/connections.ts';
import { putSecret } from '../src/store/secrets.ts';
import { WEBHOOK_TOKEN_HEADER } from '../src/http/zoho-webhooks.ts';
import { createZohoConnect } from '../src/zoho/connect.ts';
import { createZohoRateLimiter } from '../src/zoho/rate-limiter.ts';
import { limitsForPlan } from '../src/zoho/rate-policy.ts';
import { ZOHO_DATA_CENTRES } from '../src/zoho/regions.ts';
import { createTestApp } from './support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

const EVENT_SECRET = 'fuzz-event-secret';
const WEBHOOK_SECRET = 'fuzzwebhooksecret0123456789';

/** Every door the outside world can knock on, with the credentials it may or may not carry. */
const DOORS = [
    { method: 'POST', path: '/v1/salesforce/events' },
    { method: 'POST', path: '/v1/zoho/webhooks/__connection__' },
    { method: 'POST', path: '/v1/zoho/webhooks/__connection__?organization_id=123' },
    { method: 'POST', path: '/v1/oauth/zoho/start' },
    {
        method: 'GET',
        path: '/v1/oauth/zoho/callback?state=__text__&code=__text__&accounts-server=__text__'
    },
    { method: 'GET', path: '/v1/package/dead-letters' },
    { method: 'POST', path: '/v1/package/dead-letters/__text__/retry' },
    { method: 'POST', path: '/v1/invoices/preview' },
    { method: 'POST', path: '/v1/admin/connections' },
    { method: 'POST', path: '/v1/admin/jobs/__text__/retry' },
    { method: 'GET', path: '/v1/admin/journal?before=__text__&limit=__text__' },
    { method: 'GET', path: '/metrics' }
] as const;

const printable = fc.string({ maxLength: 60 }).filter((v) => /^[\x20-\x7e]*$/.test(v));

describe(`every door under arbitrary input (${testBackend})`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createTestApp>['app'];
    let connectionId = '';
    let apiKey = '';

    beforeAll(async () => {
        t = await createTestDb();
        // A configured Zoho client, so the OAuth start door does real work; nothing here reaches a network.
        const zohoConnect = createZohoConnect({
            client: { id: '1000.FUZZCLIENT', secret: 'fuzz-client-secret' },
            redirectUri: 'https://companion.example/v1/oauth/zoho/callback',
            endpoints: ZOHO_DATA_CENTRES,
            limiter: createZohoRateLimiter({
                db: t.db,
                clock: systemClock,
                limitsFor: () => limitsForPlan('free')
            }),
            clock: systemClock,
            fetch: async () => {
                throw new TypeError('fetch failed: no network in this test');
            },
            log: pino({ level: 'silent' })
        });
        const made = createTestApp(t.db, { zohoConnect });
        app = made.app;
        connectionId = (
            await createConnection(t.db, { name: 'Fuzz', salesforceOrgId: '00D5g000004ABCDEAQ' })
        ).id;
        await addZohoOrganization(t.db, { connectionId, organizationId: '123', region: 'us' });
        await putSecret(t.db, made.keyring, { connectionId, kind: 'event_secret' }, EVENT_SECRET);
        await putSecret(
            t.db,
            made.keyring,
            { connectionId, kind: 'webhook_secret' },
            WEBHOOK_SECRET
        );
        apiKey = (
            await createApiKey(t.db, {
                name: 'fuzz',
                scopes: ['admin:read', 'admin:write', 'metrics:read']
            })
        ).token;
    });
    afterAll(async () => {
        await t.drop();
    });

    it.each(DOORS)(
        '$method $path never answers 5xx and stores no event',
        async ({ method, path }) => {
            await fc.assert(
                fc.asyncProperty(
                    fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 3 })),
                    printable,
                    fc.record(
                        {
                            'content-type': fc.oneof(fc.constant('application/json'), printable),
                            authorization: fc.oneof(fc.constant(`Bearer ${apiKey}`), printable),
                            [EVENT_HEADERS.connection]: fc.oneof(
                                fc.constant('__connection__'),
                                printable
                            ),
                            [EVENT_HEADERS.secret]: fc.oneof(fc.constant(EVENT_SECRET), printable),
                            [WEBHOOK_TOKEN_HEADER]: fc.oneof(
                                fc.constant(WEBHOOK_SECRET),
                                printable
                            ),
                            'x-zoho-webhook-signature': printable
                        },
                        { requiredKeys: [] }
                    ),
                    async (body, text, headers) => {
                        const url = path
                            .replaceAll('__connection__', connectionId)
                            .replaceAll('__text__', encodeURIComponent(text));
                        const sent = Object.fromEntries(
                            Object.entries(headers).map(([k, v]) => [
                                k,
                                v === '__connection__' ? connectionId : v
                            ])
                        );
                        const res = await app.request(url, {
                            method,
                            headers: sent,
                            body: method === 'GET' ? undefined : body
                        });
                        expect(res.status, `${method} ${url}`).toBeLessThan(500);
                        const type = res.headers.get('content-type') ?? '';
                        if (res.status >= 400 && !url.includes('/callback'))
                            expect(type).toContain('application/json');
                    }
                ),
                { numRuns: 60 }
            );
            const [stored] = await t.db.query<{ n: number }>(
                "SELECT count(*)::int AS n FROM inbox WHERE source_event_id NOT LIKE '123:%'"
            );
            expect(stored?.n).toBe(0);
        }
    );
});
