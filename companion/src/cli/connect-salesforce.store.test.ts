import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { createApiKey } from '../store/api-keys.ts';
import { createConnection } from '../store/connections.ts';
import { EXIT } from './exit-codes.ts';
import { runCli } from './run.ts';

const COMPANION = 'https://companion.example';
const REDIRECT = `${COMPANION}/v1/oauth/salesforce/callback`;

describe(`npx closebooks connect --salesforce (${testBackend})`, () => {
    let t: TestDb;
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25), scale: 0 });
    let app: ReturnType<typeof createTestApp>['app'];
    let key = '';

    beforeAll(async () => {
        t = await createTestDb();
        org = await servedSalesforce({ clock });
    });
    afterAll(async () => {
        await org.close();
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        key = (await createApiKey(t.db, { name: 'ops', scopes: ['admin:read', 'admin:write'] }))
            .token;
        await createConnection(t.db, { name: 'Acme', salesforceOrgId: org.orgId });
        // Only the sandbox login host reaches the simulator: the CLI must ask for it.
        app = createTestApp(t.db, {
            clock,
            salesforceConnect: {
                client: { id: org.credentials.client_id, secret: org.credentials.client_secret },
                redirectUri: REDIRECT,
                loginHosts: { login: 'https://login.invalid', test: org.server.url },
                fetch
            }
        }).app;
    });

    /** The CLI against the in-process companion; each wait lets `browser` act once. */
    async function connect(args: string[], browser: (url: string) => Promise<void>) {
        const out: string[] = [];
        const err: string[] = [];
        let acted = false;
        const code = await runCli(['connect', ...args], {
            env: { url: COMPANION, key },
            fetch: (input, init) => Promise.resolve(app.request(String(input), init)),
            io: { out: (s) => out.push(s), err: (s) => err.push(s), errIsTty: false },
            now: () => clock.now() + (acted ? 1 : 0),
            sleep: async () => {
                if (acted) return;
                acted = true;
                await browser(err.find((line) => line.startsWith('http'))?.trim() ?? '');
            },
            runLocal: async () => 0
        });
        return { code, stdout: out.join(''), stderr: err.join('') };
    }

    it('prints the PKCE consent URL on the sandbox login host and returns once Salesforce is connected', async () => {
        const done = await connect(['--salesforce', '--sandbox-domain', '--json'], async (url) => {
            expect(new URL(url).origin).toBe(org.server.url);
            expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
            const consent = await fetch(url, { redirect: 'manual' });
            const back = new URL(consent.headers.get('location') ?? '');
            const callback = await app.request(`${back.pathname}${back.search}`);
            expect(callback.status).toBe(200);
        });
        expect(done.code).toBe(EXIT.ok);
        expect(JSON.parse(done.stdout)).toMatchObject({
            connection: { status: 'pending' },
            salesforceUser: { username: expect.stringContaining('@') }
        });
    });

    it('gives up with exit 1 when nobody consents before --timeout', async () => {
        const done = await connect(
            ['--salesforce', '--sandbox-domain', '--timeout', '0.001'],
            async () => undefined
        );
        expect(done.code).toBe(EXIT.failed);
        expect(done.stderr).toContain('no consent within 0.001 s');
    });
});
