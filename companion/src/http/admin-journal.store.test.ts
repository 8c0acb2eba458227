import { beforeEach, describe, expect, it } from 'vitest';

import { adminKeys } from '../../test/support/admin-keys.ts';
import { freshStore } from '../../test/support/store-fixture.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import { claim, completeJob, enqueue, failJob } from '../store/jobs.ts';
import { getJob } from '../store/jobs-admin.ts';
import { digestRequest, recordWrite, type JournalEntry } from '../store/journal.ts';

describe(`admin journal (${testBackend})`, () => {
    const t = useTestDb();
    let app: ReturnType<typeof createTestApp>['app'];
    let readKey = '';
    let writeKey = '';
    const call = async (path: string, key = readKey, method = 'GET') => {
        const res = await app.request(`/v1/admin${path}`, {
            method,
            headers: { authorization: `Bearer ${key}` }
        });
        return { status: res.status, body: await res.json() };
    };
    const write = (entry: Partial<JournalEntry> & { operation: string }) =>
        recordWrite(t.db, {
            connectionId: null,
            correlationId: 'corr-a',
            actor: 'job:1',
            target: entry.operation.startsWith('zoho') ? 'zoho' : 'salesforce',
            requestDigest: digestRequest(entry.operation),
            outcome: 'ok',
            ...entry
        });
    const ops = (body: { entries: { operation: string }[] }) =>
        body.entries.map((e) => e.operation);

    beforeEach(async () => {
        await freshStore(t, {});
        app = createTestApp(t.db).app;
        ({ readKey, writeKey } = await adminKeys(t.db));
    });

    it('filters by correlation id, target, operation prefix, outcome, actor and subject', async () => {
        await write({ operation: 'zoho.contact.create', subject: '460000000001' });
        await write({ operation: 'zoho.invoice.create', outcome: 'error' });
        await write({ operation: 'salesforce.opportunity.update', correlationId: 'corr-b' });
        await write({ operation: 'zoho.invoice.email', actor: 'admin:k1' });

        expect(ops((await call('/journal?correlationId=corr-b')).body)).toEqual([
            'salesforce.opportunity.update'
        ]);
        expect(ops((await call('/journal?target=zoho&operation=zoho.invoice.')).body)).toEqual([
            'zoho.invoice.email',
            'zoho.invoice.create'
        ]);
        expect(ops((await call('/journal?operation=zoho.invoice')).body)).toEqual([]);
        expect(ops((await call('/journal?outcome=error')).body)).toEqual(['zoho.invoice.create']);
        expect(ops((await call('/journal?actor=admin:k1')).body)).toEqual(['zoho.invoice.email']);
        expect(ops((await call('/journal?subject=460000000001')).body)).toEqual([
            'zoho.contact.create'
        ]);
        expect((await call('/journal?outcome=maybe')).status).toBe(400);
    });

    it('pages with nextBefore until the last page, and filters by time', async () => {
        for (const n of [1, 2, 3]) await write({ operation: `zoho.invoice.op${n}` });
        const first = (await call('/journal?limit=2')).body;
        expect(ops(first)).toEqual(['zoho.invoice.op3', 'zoho.invoice.op2']);
        const second = (await call(`/journal?limit=2&before=${first.nextBefore}`)).body;
        expect(ops(second)).toEqual(['zoho.invoice.op1']);
        expect(second.nextBefore).toBeNull();
        const [{ at }] = (await t.db.query<{ at: string }>(
            `SELECT to_char((max(at) + interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM journal`
        )) as [{ at: string }];
        expect(ops((await call(`/journal?since=${at}`)).body)).toEqual([]);
        expect(ops((await call('/journal?since=2000-01-01T00:00:00Z')).body)).toHaveLength(3);
    });

    it('shows one entry with its detail, and 404 for an unknown one', async () => {
        const id = await write({ operation: 'zoho.invoice.create', detail: { total: 100 } });
        const { status, body } = await call(`/journal/${id}`);
        expect(status).toBe(200);
        expect(body.entry).toMatchObject({
            id,
            operation: 'zoho.invoice.create',
            detail: { total: 100 }
        });
        expect((await call('/journal/999999')).status).toBe(404);
    });

    it('replays the job behind a failed write: retries a dead job, re-queues a finished one', async () => {
        const partitionKey = 'salesforce:x';
        const { job } = await enqueue(t.db, {
            kind: 'invoice.create',
            partitionKey,
            payload: { opportunityId: '006' },
            maxAttempts: 1,
            correlationId: 'corr-z'
        });
        const claimed = await claim(t.db, { workerId: 'w1', leaseMs: 60_000 });
        await failJob(t.db, claimed!, 'w1', { message: 'boom', retryable: false });
        expect((await getJob(t.db, job.id))?.state).toBe('dead');
        const failed = await write({
            operation: 'zoho.invoice.create',
            actor: `job:${job.id}`,
            outcome: 'error'
        });
        expect((await call(`/journal/${failed}/replay`, readKey, 'POST')).status).toBe(403);
        const retried = await call(`/journal/${failed}/replay`, writeKey, 'POST');
        expect(retried.status).toBe(202);
        expect(retried.body.job).toMatchObject({ id: job.id, state: 'queued', attempts: 0 });
        expect((await call(`/journal/${failed}/replay`, writeKey, 'POST')).status).toBe(409);

        await completeJob(t.db, (await claim(t.db, { workerId: 'w1', leaseMs: 60_000 }))!, 'w1');
        const again = await call(`/journal/${failed}/replay`, writeKey, 'POST');
        expect(again.status).toBe(202);
        expect(again.body.job).toMatchObject({
            kind: 'invoice.create',
            partitionKey,
            state: 'queued',
            correlationId: 'corr-z'
        });
        expect(again.body.job.id).not.toBe(job.id);

        const ok = await write({ operation: 'zoho.invoice.create', actor: `job:${job.id}` });
        expect((await call(`/journal/${ok}/replay`, writeKey, 'POST')).status).toBe(409);
        const byAdmin = await write({ operation: 'zoho.x', actor: 'admin:k', outcome: 'unknown' });
        expect((await call(`/journal/${byAdmin}/replay`, writeKey, 'POST')).status).toBe(409);
    });
});
