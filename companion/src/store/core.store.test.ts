import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring } from '../security/vault.ts';
import {
    addZohoOrganization,
    createConnection,
    findConnectionByOrgId,
    listZohoOrganizations,
    type Connection
} from './connections.ts';
import { acceptEvent, countUnprocessed, markProcessed } from './inbox.ts';
import { digestRequest, listJournal, recordWrite } from './journal.ts';
import { findBySalesforceId, findByZohoId, saveLink } from './links.ts';
import { getSecret, putSecret, resealSecrets } from './secrets.ts';

const ORG_ID = '00D5g000004ABCDEAQ';

describe(`core store (${testBackend})`, () => {
    let t: TestDb;
    let connection: Connection;

    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        await t.reset();
        connection = await createConnection(t.db, { name: 'Acme', salesforceOrgId: ORG_ID });
    });

    describe('connections', () => {
        it('refuses a second connection for the same Salesforce org', async () => {
            await expect(
                createConnection(t.db, { name: 'again', salesforceOrgId: ORG_ID })
            ).rejects.toMatchObject({
                code: 'connection_exists'
            });
            expect((await findConnectionByOrgId(t.db, ORG_ID))?.id).toBe(connection.id);
        });

        it('joins Zoho organizations with exactly one default', async () => {
            await addZohoOrganization(t.db, {
                connectionId: connection.id,
                organizationId: '10234695',
                region: 'eu'
            });
            await addZohoOrganization(t.db, {
                connectionId: connection.id,
                organizationId: '20234695',
                region: 'us'
            });
            let orgs = await listZohoOrganizations(t.db, connection.id);
            expect(orgs.map((o) => [o.organizationId, o.isDefault])).toEqual([
                ['10234695', true],
                ['20234695', false]
            ]);

            await addZohoOrganization(t.db, {
                connectionId: connection.id,
                organizationId: '20234695',
                region: 'us',
                isDefault: true
            });
            orgs = await listZohoOrganizations(t.db, connection.id);
            expect(orgs.filter((o) => o.isDefault).map((o) => o.organizationId)).toEqual([
                '20234695'
            ]);
        });
    });

    describe('secrets', () => {
        it('keeps no plaintext in the database, and re-seals under a rotated key', async () => {
            const oldKey = generateMasterKey();
            const ring = keyring(oldKey);
            const ref = {
                connectionId: connection.id,
                kind: 'zoho_refresh_token' as const,
                scope: '10234695'
            };
            await putSecret(t.db, ring, ref, '1000.abcdef0123456789.refresh');

            const dump = JSON.stringify(await t.db.query('SELECT * FROM secrets'));
            expect(dump).not.toContain('abcdef0123456789');
            expect(await getSecret(t.db, ring, ref)).toBe('1000.abcdef0123456789.refresh');

            const rotated = keyring(generateMasterKey(), [oldKey]);
            expect(await resealSecrets(t.db, rotated)).toBe(1);
            expect(await resealSecrets(t.db, rotated)).toBe(0);
            expect(
                await getSecret(t.db, keyring(generateMasterKey(), []), ref).catch((e) => e.code)
            ).toBe('vault_key_unknown');
            expect(
                await getSecret(t.db, keyring(rotated.current.key.toString('base64')), ref)
            ).toBe('1000.abcdef0123456789.refresh');
        });
    });

    describe('inbox', () => {
        it('stores an event once and acknowledges the duplicate', async () => {
            const event = {
                connectionId: connection.id,
                source: 'salesforce' as const,
                sourceEventId: '006A:opportunity.won:1',
                type: 'opportunity.won',
                payload: { recordId: '006A' }
            };
            const first = await acceptEvent(t.db, event);
            const second = await acceptEvent(t.db, { ...event, payload: { recordId: 'changed' } });
            expect(first.duplicate).toBe(false);
            expect(second).toEqual({ id: first.id, duplicate: true });
            expect(await countUnprocessed(t.db)).toBe(1);
            await markProcessed(t.db, first.id);
            expect(await countUnprocessed(t.db)).toBe(0);
        });
    });

    describe('links', () => {
        const link = {
            kind: 'customer' as const,
            salesforceId: '001A00000000001AAA',
            zohoOrganizationId: '10234695',
            zohoId: '460000000026049',
            dataHash: 'h1'
        };

        it('finds a link from either side and updates its hash', async () => {
            await saveLink(t.db, { ...link, connectionId: connection.id });
            await saveLink(t.db, { ...link, connectionId: connection.id, dataHash: 'h2' });
            expect(
                (await findBySalesforceId(t.db, connection.id, 'customer', link.salesforceId))
                    ?.dataHash
            ).toBe('h2');
            expect(
                (await findByZohoId(t.db, connection.id, 'customer', '10234695', link.zohoId))
                    ?.salesforceId
            ).toBe(link.salesforceId);
        });

        it('refuses to link one Zoho record to two Salesforce records', async () => {
            await saveLink(t.db, { ...link, connectionId: connection.id });
            await expect(
                saveLink(t.db, {
                    ...link,
                    connectionId: connection.id,
                    salesforceId: '001A00000000002AAA'
                })
            ).rejects.toMatchObject({ code: 'link_conflict' });
        });
    });

    describe('journal', () => {
        it('records writes newest first with a stable request digest', async () => {
            expect(digestRequest({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(
                digestRequest({ a: [{ x: 1, y: 2 }], b: 1 })
            );
            for (const operation of ['zoho.contact.create', 'zoho.invoice.create']) {
                await recordWrite(t.db, {
                    connectionId: connection.id,
                    correlationId: 'c-1',
                    actor: 'job:1',
                    target: 'zoho',
                    operation,
                    requestDigest: digestRequest({ operation }),
                    outcome: 'ok',
                    detail: { status: 201 }
                });
            }
            const entries = await listJournal(t.db, { connectionId: connection.id });
            expect(entries.map((e) => e.operation)).toEqual([
                'zoho.invoice.create',
                'zoho.contact.create'
            ]);
            expect(entries[0]?.detail).toEqual({ status: 201 });
            expect(await listJournal(t.db, { beforeId: entries[0]?.id })).toHaveLength(1);
        });
    });
});
