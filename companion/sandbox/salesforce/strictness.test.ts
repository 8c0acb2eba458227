import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../clock.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

/**
 * Where an org is strict, the simulator is too: composite's five query operations, cascade
 * delete of an account's contacts and opportunities into the recycle bin, and describe's
 * documented keys with compound fields.
 */
const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 });
const sandbox = createSalesforceSandbox({ clock });
const V = '/services/data/v65.0';
let token = '';
let orgId = '';
let ids: Record<string, string> = {};

async function call(method: string, path: string, body?: unknown) {
    const res = await sandbox.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
}

beforeAll(() => {
    const credentials = sandbox.createOrg();
    token = credentials.access_token;
    orgId = credentials.org_id;
    ({ ids } = sandbox.seed(orgId, {
        records: [
            {
                object: 'Account',
                ref: 'acme',
                fields: { Name: 'Acme', BillingCity: 'Berlin', BillingCountry: 'Germany' }
            },
            { object: 'Account', ref: 'bare', fields: { Name: 'Bare' } },
            {
                object: 'Contact',
                ref: 'ada',
                fields: { LastName: 'Lovelace', AccountId: { ref: 'acme' } }
            },
            {
                object: 'Opportunity',
                ref: 'deal',
                fields: {
                    Name: 'Deal',
                    AccountId: { ref: 'acme' },
                    StageName: 'Prospecting',
                    CloseDate: '2026-12-31'
                }
            },
            { object: 'Case', ref: 'case', fields: { Subject: 'Help', AccountId: { ref: 'acme' } } }
        ]
    }));
});

const query = (n: number) => ({
    method: 'GET',
    url: `${V}/query?q=${encodeURIComponent(`SELECT Id FROM Account LIMIT ${n}`)}`,
    referenceId: `q${n}`
});

describe('composite limits', () => {
    it('runs five queries in one call and refuses a sixth', async () => {
        const five = await call('POST', `${V}/composite`, {
            compositeRequest: [1, 2, 3, 4, 5].map(query)
        });
        expect(five.status).toBe(200);
        expect(
            (
                five.body as { compositeResponse: { httpStatusCode: number }[] }
            ).compositeResponse.map((r) => r.httpStatusCode)
        ).toEqual([200, 200, 200, 200, 200]);
        const six = await call('POST', `${V}/composite`, {
            compositeRequest: [1, 2, 3, 4, 5, 6].map(query)
        });
        expect(six.body).toEqual({
            compositeResponse: [
                {
                    body: [
                        {
                            errorCode: 'LIMIT_EXCEEDED',
                            message: expect.stringContaining('more than 5 query')
                        }
                    ],
                    httpHeaders: {},
                    httpStatusCode: 400,
                    referenceId: null
                }
            ]
        });
    });

    it('counts sObject Collections against the same five', async () => {
        const collection = (i: number) => ({
            method: 'POST',
            url: `${V}/composite/sobjects`,
            referenceId: `c${i}`,
            body: { records: [{ attributes: { type: 'Account' }, Name: `Batch ${i}` }] }
        });
        const before = sandbox.records(orgId, 'Account').length;
        const refused = await call('POST', `${V}/composite`, {
            compositeRequest: [...[1, 2, 3].map(collection), query(1), query(2), query(3)]
        });
        expect(JSON.stringify(refused.body)).toContain('LIMIT_EXCEEDED');
        expect(sandbox.records(orgId, 'Account')).toHaveLength(before);
    });
});

describe('describe', () => {
    it('carries the documented keys and the address compound fields', async () => {
        const { body } = await call('GET', `${V}/sobjects/Account/describe`);
        const describe = body as {
            fields: Array<Record<string, unknown>>;
            childRelationships: Array<Record<string, unknown>>;
            recordTypeInfos: Array<Record<string, unknown>>;
        } & Record<string, unknown>;
        for (const key of [
            'actionOverrides',
            'compactLayoutable',
            'mergeable',
            'undeletable',
            'supportedScopes'
        ])
            expect(describe).toHaveProperty(key);
        const field = (name: string) => describe.fields.find((f) => f.name === name)!;
        expect(field('BillingAddress')).toMatchObject({
            type: 'address',
            soapType: 'urn:address',
            compoundFieldName: null,
            createable: false,
            filterable: false,
            groupable: false
        });
        expect(field('BillingCity')).toMatchObject({ compoundFieldName: 'BillingAddress' });
        expect(field('AnnualRevenue')).toMatchObject({ groupable: false, aggregatable: true });
        for (const key of [
            'aggregatable',
            'autoNumber',
            'compoundFieldName',
            'groupable',
            'permissionable',
            'polymorphicForeignKey'
        ])
            expect(field('Name')).toHaveProperty(key);
        expect(describe.childRelationships.find((r) => r.relationshipName === 'Contacts')).toEqual({
            cascadeDelete: true,
            childSObject: 'Contact',
            deprecatedAndHidden: false,
            field: 'AccountId',
            junctionIdListNames: [],
            junctionReferenceTo: [],
            relationshipName: 'Contacts',
            restrictedDelete: false
        });
        expect(describe.recordTypeInfos).toEqual([
            expect.objectContaining({ master: true, recordTypeId: '012000000000000AAA' })
        ]);
        const contact = (await call('GET', `${V}/sobjects/Contact/describe`))
            .body as typeof describe;
        expect(contact.fields.find((f) => f.name === 'LastName')).toMatchObject({
            compoundFieldName: 'Name'
        });
    });

    it('reads the compound address from its parts, and refuses to write it', async () => {
        const soql =
            "SELECT Name, BillingAddress FROM Account WHERE Name IN ('Acme', 'Bare') ORDER BY Name";
        const { body } = await call('GET', `${V}/query?q=${encodeURIComponent(soql)}`);
        expect(
            (body as { records: Array<Record<string, unknown>> }).records.map(
                (r) => r.BillingAddress
            )
        ).toEqual([
            {
                city: 'Berlin',
                country: 'Germany',
                geocodeAccuracy: null,
                latitude: null,
                longitude: null,
                postalCode: null,
                state: null,
                street: null
            },
            null
        ]);
        const write = await call('PATCH', `${V}/sobjects/Account/${ids.bare}`, {
            BillingAddress: { city: 'Paris' }
        });
        expect(write.status).toBe(400);
    });
});

describe('cascade delete', () => {
    it("takes an account's contacts and opportunities to the recycle bin with it", async () => {
        expect((await call('DELETE', `${V}/sobjects/Account/${ids.acme}`)).status).toBe(204);
        expect(sandbox.records(orgId, 'Contact').some((c) => c.Id === ids.ada)).toBe(false);
        expect(sandbox.records(orgId, 'Opportunity').some((o) => o.Id === ids.deal)).toBe(false);
        const soql = `SELECT Id, IsDeleted FROM Contact WHERE Id = '${ids.ada}'`;
        const bin = await call('GET', `${V}/queryAll?q=${encodeURIComponent(soql)}`);
        expect((bin.body as { records: unknown[] }).records).toEqual([
            expect.objectContaining({ Id: ids.ada, IsDeleted: true })
        ]);
        const deal = await call(
            'GET',
            `${V}/queryAll?q=${encodeURIComponent(`SELECT IsDeleted FROM Opportunity WHERE Id = '${ids.deal}'`)}`
        );
        expect((deal.body as { totalSize: number }).totalSize).toBe(1);
        // A case is only unlinked: its lookup to the account is cleared.
        expect(sandbox.records(orgId, 'Case').find((c) => c.Id === ids.case)?.AccountId).toBeNull();
    });
});
