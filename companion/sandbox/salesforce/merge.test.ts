import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../clock.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

/** A merge as an org does it: children re-parented, the merged record deleted with its master. */
const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 });
const sandbox = createSalesforceSandbox({ clock });
const V = '/services/data/v65.0';
let token = '';
let orgId = '';
let ids: Record<string, string> = {};

async function query(soql: string, all = false) {
    const res = await sandbox.app.request(
        `${V}/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`,
        { headers: { authorization: `Bearer ${token}` } }
    );
    return ((await res.json()) as { records: Record<string, unknown>[] }).records;
}

beforeAll(() => {
    const credentials = sandbox.createOrg();
    token = credentials.access_token;
    orgId = credentials.org_id;
    ({ ids } = sandbox.seed(orgId, {
        records: [
            { object: 'Account', ref: 'master', fields: { Name: 'Acme' } },
            { object: 'Account', ref: 'dupe', fields: { Name: 'ACME Inc' } },
            {
                object: 'Contact',
                ref: 'ada',
                fields: { LastName: 'Lovelace', AccountId: { ref: 'dupe' } }
            }
        ]
    }));
});

describe('merge', () => {
    it('re-parents the merged account’s contacts and leaves it deleted with MasterRecordId', async () => {
        sandbox.merge(orgId, 'Account', ids.master!, [ids.dupe!]);
        expect(await query(`SELECT Id FROM Account WHERE Id = '${ids.dupe}'`)).toEqual([]);
        const [gone] = await query(
            `SELECT Id, IsDeleted, MasterRecordId FROM Account WHERE Id = '${ids.dupe}'`,
            true
        );
        expect(gone).toMatchObject({ IsDeleted: true, MasterRecordId: ids.master });
        const [ada] = await query(`SELECT AccountId FROM Contact WHERE Id = '${ids.ada}'`);
        expect(ada).toMatchObject({ AccountId: ids.master });
    });

    it('refuses a record merged into itself, and objects that cannot merge', () => {
        expect(() => sandbox.merge(orgId, 'Account', ids.master!, [ids.master!])).toThrow(/itself/);
        expect(() => sandbox.merge(orgId, 'Opportunity', ids.master!, [ids.ada!])).toThrow(
            /cannot be merged/
        );
    });
});
