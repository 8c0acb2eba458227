import { beforeEach, describe, expect, it } from 'vitest';

import { freshStore } from '../../test/support/store-fixture.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import {
    dueWritebacks,
    enqueueWriteback,
    failedWritebacks,
    markWritebackFailed,
    markWritebacksSent,
    nextWritebackRetryMs,
    pendingWritebacks,
    type WritebackRecord
} from './writebacks.ts';

function records(status: string): WritebackRecord[] {
    return [
        {
            op: 'update',
            sobject: 'Opportunity',
            fields: { Id: '006A', Closebooks_Sync_Status__c: status }
        }
    ];
}

describe(`writebacks store (${testBackend})`, () => {
    const t = useTestDb();
    let connectionId = '';
    let otherId = '';

    beforeEach(async () => {
        const ids = await freshStore(t, {
            Acme: '00D000000000000AAA',
            Other: '00D000000000000BBB'
        });
        connectionId = ids.Acme;
        otherId = ids.Other;
    });

    const enqueue = (subject: string, status: string, nowMs: number, conn = connectionId) =>
        enqueueWriteback(t.db, {
            connectionId: conn,
            subject,
            records: records(status),
            correlationId: `corr-${status}`,
            nowMs
        });
    // Rows have no lease of their own: the connection's flush job reads them (one at a time).
    const claim = (_workerId: string, nowMs: number, limit = 10, conn = connectionId) =>
        dueWritebacks(t.db, { connectionId: conn, limit, nowMs });

    it('replaces a pending change for the same subject, bumping its version and keeping its place', async () => {
        await enqueue('invoice:1', 'Held', 1_000);
        await enqueue('invoice:2', 'Synced', 2_000);
        await enqueue('invoice:1', 'Synced', 3_000);

        expect(await pendingWritebacks(t.db, 5_000)).toEqual([
            { connectionId, count: 2, oldestMs: 1_000 }
        ]);
        const claimed = await claim('w1', 5_000);
        expect(claimed.map((w) => [w.subject, w.version])).toEqual([
            ['invoice:1', 2],
            ['invoice:2', 1]
        ]);
        expect(claimed[0]).toMatchObject({
            records: records('Synced'),
            correlationId: 'corr-Synced',
            attempts: 0,
            createdAtMs: 1_000
        });
    });

    it('a send in flight for version 1 does not mark the version-2 change sent', async () => {
        await enqueue('invoice:1', 'Held', 1_000);
        const [v1] = await claim('w1', 2_000);
        expect(v1?.version).toBe(1);
        await enqueue('invoice:1', 'Synced', 3_000);

        await markWritebacksSent(t.db, [v1!], 4_000);

        // still pending, and no longer leased: claimable at once
        expect(await pendingWritebacks(t.db, 4_000)).toEqual([
            { connectionId, count: 1, oldestMs: 1_000 }
        ]);
        const [v2] = await claim('w2', 4_000);
        expect(v2).toMatchObject({ id: v1!.id, version: 2, records: records('Synced') });

        await markWritebacksSent(t.db, [v2!], 5_000);
        expect(await pendingWritebacks(t.db, 5_000)).toEqual([]);
        expect(await claim('w3', 5_000)).toEqual([]);

        // a change after the send is a new row
        await enqueue('invoice:1', 'Paid', 6_000);
        const [next] = await claim('w3', 6_000);
        expect(next).toMatchObject({ version: 1, records: records('Paid') });
        expect(next!.id).not.toBe(v1!.id);
    });

    it('a failure of the in-flight version 1 does not fail version 2, which is free at once', async () => {
        await enqueue('invoice:1', 'Held', 1_000);
        const [v1] = await claim('w1', 2_000);
        await enqueue('invoice:1', 'Synced', 3_000);
        await markWritebackFailed(t.db, v1!, {
            error: 'boom',
            nowMs: 4_000,
            retryAfterMs: 60_000,
            giveUp: true
        });
        expect(await failedWritebacks(t.db, connectionId)).toEqual([]);
        // The failure releases the lease, as a send does: version 2 is not held up by it.
        const [v2] = await claim('w2', 4_001);
        expect(v2).toMatchObject({ version: 2, attempts: 0 });
    });

    it('claims oldest first, only for the given connection, up to the limit', async () => {
        await enqueue('b', 'Synced', 2_000);
        await enqueue('a', 'Synced', 1_000);
        await enqueue('c', 'Synced', 3_000);
        await enqueue('x', 'Synced', 500, otherId);
        const claimed = await claim('w1', 5_000, 2);
        expect(claimed.map((w) => w.subject)).toEqual(['a', 'b']);
        await markWritebacksSent(t.db, claimed, 5_000);
        const summary = await pendingWritebacks(t.db, 5_000);
        expect(summary.sort((p, q) => p.oldestMs - q.oldestMs)).toEqual([
            { connectionId: otherId, count: 1, oldestMs: 500 },
            { connectionId, count: 1, oldestMs: 3_000 }
        ]);
    });

    it('retries a failed change after run_after, then gives it up and lists it', async () => {
        await enqueue('invoice:1', 'Synced', 1_000);
        const [first] = await claim('w1', 2_000);
        await markWritebackFailed(t.db, first!, {
            error: 'UNABLE_TO_LOCK_ROW',
            nowMs: 3_000,
            retryAfterMs: 60_000,
            giveUp: false
        });
        expect(await claim('w1', 62_999)).toEqual([]);
        expect(await pendingWritebacks(t.db, 62_999)).toEqual([]);
        expect(await nextWritebackRetryMs(t.db, connectionId, 62_999)).toBe(63_000);
        expect(await nextWritebackRetryMs(t.db, otherId, 62_999)).toBeUndefined();
        const [second] = await claim('w1', 63_000);
        expect(second).toMatchObject({ id: first!.id, attempts: 1 });

        await markWritebackFailed(t.db, second!, {
            error: 'INVALID_FIELD: no such field',
            nowMs: 64_000,
            retryAfterMs: 60_000,
            giveUp: true
        });
        expect(await claim('w1', 10_000_000)).toEqual([]);
        expect(await pendingWritebacks(t.db, 10_000_000)).toEqual([]);
        expect(await failedWritebacks(t.db, connectionId)).toEqual([
            {
                id: first!.id,
                subject: 'invoice:1',
                error: 'INVALID_FIELD: no such field',
                failedAtMs: 64_000
            }
        ]);
        expect(await failedWritebacks(t.db, otherId)).toEqual([]);

        // a newer change for the same subject is queued afresh beside the given-up one
        await enqueue('invoice:1', 'Held', 70_000);
        const [fresh] = await claim('w1', 70_000);
        expect(fresh).toMatchObject({ version: 1, attempts: 0, records: records('Held') });
    });

    it('lists given-up changes newest first, up to the limit', async () => {
        for (let i = 0; i < 3; i++) {
            await enqueue(`invoice:${i}`, 'Synced', 1_000);
            const [w] = await claim('w1', 2_000, 1);
            await markWritebackFailed(t.db, w!, {
                error: `e${i}`,
                nowMs: 5_000 + i,
                retryAfterMs: 0,
                giveUp: true
            });
        }
        expect((await failedWritebacks(t.db, connectionId, 2)).map((f) => f.error)).toEqual([
            'e2',
            'e1'
        ]);
    });
});
