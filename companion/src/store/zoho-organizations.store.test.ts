import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { addZohoOrganization, createConnection, listZohoOrganizations } from './connections.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { chooseZohoOrganization, keyScopeOf } from './zoho-organizations.ts';

describe(`Zoho organizations and key scopes in the store (${testBackend})`, () => {
    let t: TestDb;
    beforeAll(async () => {
        t = await createTestDb();
    });
    afterAll(async () => {
        await t.drop();
    });
    beforeEach(async () => {
        // The first test migrates in two steps, so each starts before any migration.
        await t.dropSchema();
    });

    it('marks connections made before migration 16 as legacy keys, and later ones not', async () => {
        const all = await loadMigrations();
        await migrate(
            t.db,
            all.filter((m) => m.version < 16)
        );
        const before = await createConnection(t.db, {
            name: 'Production',
            salesforceOrgId: '00D5g000004PRODEAQ'
        });
        await migrate(t.db, all);
        const after = await createConnection(t.db, {
            name: 'Full copy',
            salesforceOrgId: '00D7x000000COPYEAA'
        });

        expect(await keyScopeOf(t.db, before.id)).toEqual({
            salesforceOrgId: '00D5g000004PRODEAQ',
            legacy: true
        });
        expect(await keyScopeOf(t.db, after.id)).toEqual({
            salesforceOrgId: '00D7x000000COPYEAA',
            legacy: false
        });
    });

    it('moves the choice from one organization to another, and refuses one not joined', async () => {
        await migrate(t.db);
        const { id } = await createConnection(t.db, {
            name: 'Acme',
            salesforceOrgId: '00D5g000004ABCDEAQ'
        });
        for (const organizationId of ['111', '222'])
            await addZohoOrganization(t.db, { connectionId: id, organizationId, region: 'eu' });
        const chosen = async () =>
            (await listZohoOrganizations(t.db, id))
                .filter((o) => o.isDefault)
                .map((o) => o.organizationId);
        expect(await chosen()).toEqual(['111']);

        expect(await chooseZohoOrganization(t.db, id, '222')).toBe(true);
        expect(await chosen()).toEqual(['222']);
        expect(await chooseZohoOrganization(t.db, id, '333')).toBe(false);
        expect(await chosen()).toEqual(['222']);
    });
});
