import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestApp } from '../../test/support/test-app.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { migrate } from '../store/migrate.ts';

describe(`health routes (${testBackend})`, () => {
    let t: TestDb;

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        // Each test starts before any migration: readiness is about which ones ran.
        await t.dropSchema();
    });

    it('says the process is up even before migrations', async () => {
        const res = await createTestApp(t.db).app.request('/healthz');
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('is not ready until every migration is applied', async () => {
        const app = createTestApp(t.db).app;
        const before = await app.request('/readyz');
        expect(before.status).toBe(503);
        expect(await before.json()).toEqual({
            status: 'unavailable',
            database: 'migrations pending'
        });

        await migrate(t.db);
        const after = await app.request('/readyz');
        expect(after.status).toBe(200);
        expect(await after.json()).toEqual({ status: 'ready', database: testBackend });
    });

    it('is not ready when the database is gone', async () => {
        const gone = await createTestDb();
        const app = createTestApp(gone.db).app;
        await gone.drop();
        const res = await app.request('/readyz');
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ database: 'unreachable' });
    });

    it('answers an unknown route with the JSON error body and echoes the correlation id', async () => {
        const res = await createTestApp(t.db).app.request('/nope', {
            headers: { 'x-correlation-id': 'req-42' }
        });
        expect(res.status).toBe(404);
        expect(res.headers.get('x-correlation-id')).toBe('req-42');
        expect(await res.json()).toEqual({
            error: { code: 'not_found', message: 'no route for GET /nope' }
        });
    });

    it('echoes the correlation id on a response a route builds itself, and makes one up when none is offered', async () => {
        const app = createTestApp(t.db).app;
        // The Zoho OAuth callback answers with its own HTML page (no Zoho client configured).
        const page = await app.request('/v1/oauth/zoho/callback', {
            headers: { 'x-correlation-id': 'req-43' }
        });
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        expect(page.headers.get('x-correlation-id')).toBe('req-43');
        const made = await app.request('/healthz');
        expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
});
