import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../clock.ts';
import { createSalesforceSandbox } from '../salesforce-sandbox.ts';

const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 });
const sandbox = createSalesforceSandbox({ clock });
const V = '/services/data/v65.0';
let token = '';
let orgId = '';

async function call(method: string, path: string, body?: unknown) {
    const res = await sandbox.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const columns = (soql: string) =>
    call('GET', `${V}/query?q=${encodeURIComponent(soql)}&columns=true`).then((r) => r.body);

beforeAll(() => {
    const credentials = sandbox.createOrg();
    token = credentials.access_token;
    orgId = credentials.org_id;
});

describe('query columns (columns=true)', () => {
    it('nests relationship fields under their relationship and a subquery as an aggregate column', async () => {
        const answer = await columns(
            'SELECT Id, Name, Account.Name, Account.Owner.Email, (SELECT Subject FROM Cases) FROM Contact'
        );
        expect(answer).toMatchObject({
            entityName: 'Contact',
            groupBy: false,
            idSelected: true,
            keyPrefix: '003'
        });
        const meta = answer.columnMetadata as Array<Record<string, unknown>>;
        expect(meta.map((c) => [c.columnName, c.displayName, c.aggregate])).toEqual([
            ['Id', 'Id', false],
            ['Name', 'Name', false],
            ['Account', 'Account', false],
            ['Cases', 'Cases', true]
        ]);
        expect(meta[0]).toMatchObject({ apexType: 'Id', joinColumns: [] });
        const account = meta[2]!.joinColumns as Array<Record<string, unknown>>;
        expect(account.map((c) => c.columnName)).toEqual(['Name', 'Owner']);
        expect((account[1]!.joinColumns as Array<Record<string, unknown>>)[0]).toMatchObject({
            columnName: 'Email',
            displayName: 'Account.Owner.Email'
        });
        expect((meta[3]!.joinColumns as Array<Record<string, unknown>>)[0]).toMatchObject({
            columnName: 'Subject'
        });
    });

    it('names aggregates by alias or exprN, with the function as display name', async () => {
        const answer = await columns(
            'SELECT StageName, COUNT(Id), SUM(Amount) total FROM Opportunity GROUP BY StageName'
        );
        expect(answer).toMatchObject({ entityName: 'AggregateResult', groupBy: true });
        expect(
            (answer.columnMetadata as Array<Record<string, unknown>>).map((c) => [
                c.columnName,
                c.displayName,
                c.aggregate,
                c.apexType
            ])
        ).toEqual([
            ['StageName', 'StageName', false, 'String'],
            ['expr0', 'COUNT(Id)', true, 'Integer'],
            ['total', 'SUM(Amount)', true, 'Decimal']
        ]);
    });

    it('refuses what the query itself would refuse', async () => {
        const { status, body } = await call(
            'GET',
            `${V}/query?q=${encodeURIComponent('SELECT Nope__c FROM Account')}&columns=true`
        );
        expect(status).toBe(400);
        expect(body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
    });
});

describe('sObject tree (composite/tree)', () => {
    it('creates records with their children and answers their ids by reference', async () => {
        const { status, body } = await call('POST', `${V}/composite/tree/Account`, {
            records: [
                {
                    attributes: { type: 'Account', referenceId: 'ref1' },
                    Name: 'Tree Co',
                    Contacts: {
                        records: [
                            {
                                attributes: { type: 'Contact', referenceId: 'ref2' },
                                LastName: 'One'
                            },
                            {
                                attributes: { type: 'Contact', referenceId: 'ref3' },
                                LastName: 'Two'
                            }
                        ]
                    }
                }
            ]
        });
        expect(status).toBe(201);
        const results = body.results as Array<{ referenceId: string; id: string }>;
        expect(body.hasErrors).toBe(false);
        expect(results.map((r) => r.referenceId)).toEqual(['ref1', 'ref2', 'ref3']);
        const contacts = sandbox
            .records(orgId, 'Contact')
            .filter((c) => c.AccountId === results[0]!.id);
        expect(contacts.map((c) => c.LastName).sort()).toEqual(['One', 'Two']);
    });

    it('saves nothing when one record fails, and names it', async () => {
        const before = sandbox.records(orgId, 'Account').length;
        const { status, body } = await call('POST', `${V}/composite/tree/Account`, {
            records: [
                {
                    attributes: { type: 'Account', referenceId: 'good' },
                    Name: 'Half Tree',
                    Contacts: {
                        records: [
                            {
                                attributes: { type: 'Contact', referenceId: 'bad' },
                                FirstName: 'No last name'
                            }
                        ]
                    }
                }
            ]
        });
        expect(status).toBe(400);
        expect(body).toEqual({
            hasErrors: true,
            results: [
                {
                    referenceId: 'bad',
                    errors: [expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING' })]
                }
            ]
        });
        expect(sandbox.records(orgId, 'Account')).toHaveLength(before);
    });
});
