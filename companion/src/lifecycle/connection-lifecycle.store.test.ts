import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { createConnection, addZohoOrganization, getConnection } from '../store/connections.ts';
import { claim, enqueue } from '../store/jobs.ts';
import { disableConnection, enableConnection } from './connection-lifecycle.ts';

describe(`a disabled connection's jobs (${testBackend})`, () => {
    let t: TestDb;
    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
    });

    it('stay queued while it is disabled, without blocking another connection in the same partition', async () => {
        const make = (name: string, orgId: string) =>
            createConnection(t.db, { name, salesforceOrgId: orgId });
        const stopped = await make('Stopped', '00D5g000004STOPEAQ');
        const running = await make('Running', '00D5g000004RUNSEAQ');
        await addZohoOrganization(t.db, {
            connectionId: stopped.id,
            organizationId: '111',
            region: 'us'
        });
        // Both connections reach one Zoho organization: one partition, the stopped job first.
        for (const connection of [stopped, running])
            await enqueue(t.db, {
                kind: 'zoho.invoice.create',
                partitionKey: 'zoho:111',
                connectionId: connection.id,
                payload: {}
            });
        await disableConnection(t.db, stopped.id);

        const first = await claim(t.db, { workerId: 'w', leaseMs: 60_000 });
        expect(first?.connectionId).toBe(running.id);
        expect(await claim(t.db, { workerId: 'w', leaseMs: 60_000 })).toBeUndefined();

        expect((await enableConnection(t.db, stopped.id))?.status).toBe('active');
        await t.db.query("UPDATE jobs SET state = 'done' WHERE id = $1", [first?.id]);
        await t.db.query('UPDATE job_partitions SET locked_until = NULL');
        const second = await claim(t.db, { workerId: 'w', leaseMs: 60_000 });
        expect(second?.connectionId).toBe(stopped.id);
    });

    it('enables a connection without a Zoho organization as pending', async () => {
        const { id } = await createConnection(t.db, {
            name: 'New',
            salesforceOrgId: '00D5g000004NEWWEAQ'
        });
        await disableConnection(t.db, id);
        expect((await getConnection(t.db, id))?.status).toBe('disabled');
        expect((await enableConnection(t.db, id))?.status).toBe('pending');
        expect(await enableConnection(t.db, 'nope')).toBeUndefined();
    });
});
