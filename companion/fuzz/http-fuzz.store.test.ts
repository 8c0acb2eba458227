import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../test/support/test-db.ts';
import { runFuzz } from './run.ts';
import { startFuzzTarget, type FuzzTarget } from './target.ts';

/** Fixed by default so `npm test` is repeatable; CLOSEBOOKS_FUZZ_SEED explores other cases. */
const SEED = Number(process.env.CLOSEBOOKS_FUZZ_SEED ?? 20261204);
const CASES = Number(process.env.CLOSEBOOKS_FUZZ_CASES ?? 300);

describe(`fuzzing every HTTP route (${testBackend})`, () => {
    let t: TestDb;
    let target: FuzzTarget;
    const now = () => new Date(Date.now()).toISOString();
    beforeAll(async () => {
        t = await createTestDb();
        target = await startFuzzTarget(t.db);
    });
    afterAll(async () => {
        await target.close();
        await t.drop();
    });

    it(`answers ${CASES} generated requests without a 5xx, and stores nothing it refused`, async () => {
        const report = await runFuzz(target, t.db, { cases: CASES, seed: SEED, now: now() });
        expect(report.violation).toBeUndefined();
        // Every route was reached, so the run proves something about each.
        expect(Object.keys(report.statuses).sort()).toEqual(
            target.routes.map((r) => `${r.method} ${r.path}`).sort()
        );
    });

    // The fuzzer must be able to fail: two planted doors, each with one defect it looks for.
    const plantedTarget = (app: Hono): FuzzTarget => ({
        ...target,
        routes: [{ method: 'POST', path: '/v1/planted/:id' }],
        request: (path, init) => Promise.resolve(app.request(path, init))
    });

    it('finds a door that answers 500 on a body it did not expect', async () => {
        const planted = new Hono().post('/v1/planted/:id', (c) => {
            throw new Error(`unexpected ${c.req.param('id')}`);
        });
        planted.onError((_, c) => c.json({ error: { code: 'internal', message: 'boom' } }, 500));
        const report = await runFuzz(plantedTarget(planted), t.db, {
            cases: 50,
            seed: SEED,
            now: now()
        });
        expect(report.violation?.problem).toMatch(/^answered 500/);
    });

    it('finds a door that stores a request and then refuses it', async () => {
        await t.db.exec('CREATE TABLE planted_rows (body text)');
        const planted = new Hono().post('/v1/planted/:id', async (c) => {
            await t.db.query('INSERT INTO planted_rows (body) VALUES ($1)', [await c.req.text()]);
            return c.json({ error: { code: 'validation_failed', message: 'no' } }, 400);
        });
        const report = await runFuzz(plantedTarget(planted), t.db, {
            cases: 20,
            seed: SEED,
            now: now()
        });
        expect(report.violation?.problem).toBe('refused (400) but changed planted_rows');
    });
});
