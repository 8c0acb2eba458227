import { beforeAll, describe, expect, it } from 'vitest';

import { createSalesforceSandbox } from './salesforce-sandbox.ts';
import { fixtureProject } from './test-support/fixture-project.ts';

const xml = (root: string, body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="http://soap.sforce.com/2006/04/metadata">${body}</${root}>`;
const field = (body: string) => xml('CustomField', body);

/** Objects the package will add later, in the shape DESIGN §3 names them. */
const project = fixtureProject({
    'objects/Zoho_Invoice__c/Zoho_Invoice__c.object-meta.xml': xml(
        'CustomObject',
        '<label>Zoho Invoice</label><pluralLabel>Zoho Invoices</pluralLabel><nameField><label>Invoice Number</label><type>Text</type></nameField><sharingModel>ControlledByParent</sharingModel>'
    ),
    'objects/Zoho_Invoice__c/fields/Opportunity__c.field-meta.xml': field(
        '<fullName>Opportunity__c</fullName><label>Opportunity</label><type>MasterDetail</type><referenceTo>Opportunity</referenceTo><relationshipName>Zoho_Invoices</relationshipName>'
    ),
    'objects/Zoho_Invoice__c/fields/Zoho_Invoice_Id__c.field-meta.xml': field(
        '<fullName>Zoho_Invoice_Id__c</fullName><label>Zoho Invoice Id</label><type>Text</type><length>40</length><externalId>true</externalId><unique>true</unique>'
    ),
    'objects/Zoho_Invoice__c/fields/Total__c.field-meta.xml': field(
        '<fullName>Total__c</fullName><label>Total</label><type>Currency</type><precision>18</precision><scale>2</scale>'
    ),
    'objects/Zoho_Invoice__c/fields/Is_Overdue__c.field-meta.xml': field(
        '<fullName>Is_Overdue__c</fullName><label>Is Overdue</label><type>Checkbox</type><formula>TODAY() &gt; Due_Date__c</formula>'
    ),
    'objects/Zoho_Payment__c/Zoho_Payment__c.object-meta.xml': xml(
        'CustomObject',
        '<label>Zoho Payment</label><pluralLabel>Zoho Payments</pluralLabel><nameField><label>Payment</label><type>AutoNumber</type><displayFormat>PAY-{0000}</displayFormat></nameField><sharingModel>ReadWrite</sharingModel>'
    ),
    // The package's mirrors are details of their account; here an invoice is the detail of its
    // deal and a payment of nothing, so the account links are optional lookups.
    'objects/Zoho_Invoice__c/fields/Account__c.field-meta.xml': field(
        '<fullName>Account__c</fullName><label>Account</label><type>Lookup</type><referenceTo>Account</referenceTo><relationshipName>Zoho_Invoices</relationshipName><deleteConstraint>SetNull</deleteConstraint>'
    ),
    'objects/Zoho_Payment__c/fields/Account__c.field-meta.xml': field(
        '<fullName>Account__c</fullName><label>Account</label><type>Lookup</type><referenceTo>Account</referenceTo><relationshipName>Zoho_Payments</relationshipName><deleteConstraint>SetNull</deleteConstraint>'
    ),
    'objects/Zoho_Payment__c/fields/Invoice__c.field-meta.xml': field(
        '<fullName>Invoice__c</fullName><label>Invoice</label><type>Lookup</type><referenceTo>Zoho_Invoice__c</referenceTo><relationshipName>Payments</relationshipName>'
    )
});

const sandbox = createSalesforceSandbox({ projectDir: project });
let token = '';
let orgId = '';
let opportunityId = '';

async function rest(method: string, path: string, body?: unknown) {
    const response = await sandbox.app.request(`/services/data/v65.0${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
    });
    const text = await response.text();
    return {
        status: response.status,
        body: text ? (JSON.parse(text) as unknown) : null
    };
}

beforeAll(() => {
    const creds = sandbox.createOrg();
    token = creds.access_token;
    orgId = creds.org_id;
    const seeded = sandbox.seed(orgId, {
        records: [
            {
                object: 'Opportunity',
                ref: 'o',
                fields: { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2026-12-01' }
            }
        ]
    });
    opportunityId = seeded.ids.o!;
});

describe('custom objects loaded from metadata', () => {
    it('upserts an invoice by its external id, numbers payments, and queries both directions', async () => {
        const created = await rest('PATCH', '/sobjects/Zoho_Invoice__c/Zoho_Invoice_Id__c/ZI-1', {
            Name: 'INV-001',
            Opportunity__c: opportunityId,
            Total__c: 120
        });
        expect(created).toMatchObject({ status: 201, body: { created: true } });
        const invoiceId = (created.body as { id: string }).id;
        for (let i = 0; i < 2; i++)
            expect(
                (await rest('POST', '/sobjects/Zoho_Payment__c', { Invoice__c: invoiceId })).status
            ).toBe(201);

        const children = await rest(
            'GET',
            `/query?q=${encodeURIComponent('SELECT Name, Opportunity__r.Name, Is_Overdue__c, (SELECT Name FROM Payments__r ORDER BY Name) FROM Zoho_Invoice__c')}`
        );
        expect(children.body).toMatchObject({
            totalSize: 1,
            records: [
                {
                    Name: 'INV-001',
                    Opportunity__r: { Name: 'Deal' },
                    Is_Overdue__c: null,
                    Payments__r: {
                        totalSize: 2,
                        records: [{ Name: 'PAY-0001' }, { Name: 'PAY-0002' }]
                    }
                }
            ]
        });
        const parent = await rest(
            'GET',
            `/query?q=${encodeURIComponent('SELECT Name, (SELECT Total__c FROM Zoho_Invoices__r) FROM Opportunity')}`
        );
        expect(parent.body).toMatchObject({
            records: [{ Zoho_Invoices__r: { records: [{ Total__c: 120 }] } }]
        });
    });

    it.each([
        {
            name: 'a formula field',
            body: { Name: 'X', Opportunity__c: 'OPP', Is_Overdue__c: true },
            code: 'INVALID_FIELD_FOR_INSERT_UPDATE'
        },
        { name: 'a missing master', body: { Name: 'X' }, code: 'REQUIRED_FIELD_MISSING' },
        {
            name: 'a currency given as text',
            body: { Name: 'X', Opportunity__c: 'OPP', Total__c: 'ten' },
            code: 'JSON_PARSER_ERROR'
        }
    ])('refuses $name with $code', async ({ body, code }) => {
        const withIds = JSON.parse(JSON.stringify(body).replace('OPP', opportunityId)) as Record<
            string,
            unknown
        >;
        const response = await rest('POST', '/sobjects/Zoho_Invoice__c', withIds);
        expect(response.status).toBe(400);
        expect((response.body as Array<{ errorCode: string }>)[0]?.errorCode).toBe(code);
    });

    it('deletes master-detail children with their master', async () => {
        expect((await rest('DELETE', `/sobjects/Opportunity/${opportunityId}`)).status).toBe(204);
        expect(sandbox.records(orgId, 'Zoho_Invoice__c')).toHaveLength(0);
        const payments = sandbox.records(orgId, 'Zoho_Payment__c');
        expect(payments.map((p) => p.Invoice__c)).toEqual([null, null]);
    });
});
