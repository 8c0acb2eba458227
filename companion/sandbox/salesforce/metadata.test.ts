import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createNamespaceTranslator } from '../../src/salesforce/namespace.ts';
import { MAPPING_RULES_QUERY, parseMappingRecords } from '../../src/sync/mapping/load.ts';
import { servedOrg } from './test-support/jsforce-org.ts';

let org: Awaited<ReturnType<typeof servedOrg>>;

beforeAll(async () => {
    org = await servedOrg();
});
afterAll(() => org.server.close());

const put = (type: string, developerName: string, body: unknown, orgId = org.orgId) =>
    fetch(`${org.server.url}/_sandbox/orgs/${orgId}/metadata/${type}/${developerName}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body)
    });

const lineTax = {
    Label: 'Line Tax',
    Source_Object__c: 'OpportunityLineItem',
    Source_Field__c: 'Product2.Tax_Category__c',
    Target_Object__c: 'zoho_line_item',
    Target_Field__c: 'tax_name',
    Direction__c: 'Salesforce_To_Zoho',
    Field_Owner__c: 'Salesforce',
    Transform__c: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
    Sort_Order__c: 5,
    Is_Active__c: true
};

/** The rules as the companion reads them: its query and answer cross the package namespace. */
async function rules() {
    const names = createNamespaceTranslator(org.sandbox.namespace);
    const result = await org.connect().query(names.toOrgSoql(MAPPING_RULES_QUERY));
    return parseMappingRecords(names.toLocalBody(result.records) as unknown[]);
}

describe('deploying custom metadata', () => {
    it('the package’s own mapping records load as valid rules', async () => {
        const { rules: loaded, rejected } = await rules();
        expect(rejected).toEqual([]);
        expect(loaded.length).toBeGreaterThan(10);
        expect(loaded.find((r) => r.name === 'Account_Billing_Country')).toMatchObject({
            transform: 'iso_country',
            targetObject: 'zoho_contact'
        });
    });

    it('PUT creates a record that SOQL then returns', async () => {
        const response = await put('Closebooks_Field_Mapping__mdt', 'Line_Tax', lineTax);
        expect(response.status).toBe(201);
        expect(await response.json()).toMatchObject({
            DeveloperName: 'Line_Tax',
            MasterLabel: 'Line Tax',
            Condition__c: null
        });
        const { rules: loaded } = await rules();
        expect(loaded.find((r) => r.name === 'Line_Tax')).toEqual({
            name: 'Line_Tax',
            sourceObject: 'OpportunityLineItem',
            sourceField: 'Product2.Tax_Category__c',
            targetObject: 'zoho_line_item',
            targetField: 'tax_name',
            direction: 'Salesforce_To_Zoho',
            fieldOwner: 'Salesforce',
            condition: null,
            transform: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
            sortOrder: 5,
            active: true
        });
    });

    it('PUT replaces the whole record, keeping its id; left-out fields become null or false', async () => {
        const before = org.sandbox.records(org.orgId, 'Closebooks_Field_Mapping__mdt');
        const rest: Record<string, unknown> = { ...lineTax };
        delete rest.Is_Active__c;
        delete rest.Transform__c;
        const response = await put('closebooks_field_mapping__mdt', 'line_tax', {
            ...rest,
            Condition__c: "Product2.Family = 'Hardware'"
        });
        expect(response.status).toBe(200);
        const after = org.sandbox.records(org.orgId, 'Closebooks_Field_Mapping__mdt');
        expect(after).toHaveLength(before.length);
        const result = await org
            .connect()
            .query<Record<string, unknown>>(
                "SELECT Id, cbks__Condition__c, cbks__Transform__c, cbks__Is_Active__c FROM cbks__Closebooks_Field_Mapping__mdt WHERE DeveloperName = 'Line_Tax'"
            );
        expect(result.records).toHaveLength(1);
        expect(result.records[0]).toMatchObject({
            Id: before.find((r) => r.DeveloperName === 'Line_Tax')?.Id,
            cbks__Condition__c: "Product2.Family = 'Hardware'",
            cbks__Transform__c: null,
            cbks__Is_Active__c: false
        });
    });

    it('the ControlApi method does the same in process', async () => {
        const record = org.sandbox.deployMetadata(
            org.orgId,
            'Closebooks_Field_Mapping__mdt',
            'Account_Billing_Country',
            { ...lineTax, Transform__c: 'trim|iso_country' }
        );
        expect(record).toMatchObject({
            DeveloperName: 'Account_Billing_Country',
            Transform__c: 'trim|iso_country'
        });
        const { rules: loaded } = await rules();
        expect(loaded.find((r) => r.name === 'Account_Billing_Country')?.transform).toBe(
            'trim|iso_country'
        );
    });

    it.each([
        ['Account', 'X', lineTax, 404, 'not_found'],
        ['Nope__mdt', 'X', lineTax, 404, 'not_found'],
        ['Closebooks_Field_Mapping__mdt', 'Bad__Name', lineTax, 400, 'invalid_field'],
        ['Closebooks_Field_Mapping__mdt', 'X', { Nope__c: 'x' }, 400, 'invalid_field'],
        ['Closebooks_Field_Mapping__mdt', 'X', { DeveloperName: 'x' }, 400, 'invalid_field'],
        ['Closebooks_Field_Mapping__mdt', 'X', { Sort_Order__c: 'ten' }, 400, 'invalid_type'],
        ['Closebooks_Field_Mapping__mdt', 'X', { Is_Active__c: 1 }, 400, 'invalid_type'],
        ['Closebooks_Field_Mapping__mdt', 'X', { Label: '' }, 400, 'invalid_field'],
        [
            'Closebooks_Field_Mapping__mdt',
            'X',
            { Source_Field__c: { a: 1 } },
            400,
            'validation_failed'
        ],
        ['Closebooks_Field_Mapping__mdt', 'X', [], 400, 'validation_failed'],
        ['Closebooks_Field_Mapping__mdt', 'X', '{', 400, 'validation_failed']
    ])('PUT %s/%s %j → %i %s', async (type, name, body, status, code) => {
        const response = await put(type, name, body);
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ error: { code } });
    });

    it('refuses a value outside a restricted picklist', async () => {
        const response = await put('Closebooks_Field_Mapping__mdt', 'X', {
            Direction__c: 'Sideways'
        });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
            error: { code: 'invalid_or_null_for_restricted_picklist' }
        });
    });

    it('answers 404 for an unknown org', async () => {
        const response = await put('Closebooks_Field_Mapping__mdt', 'X', lineTax, '00Dnope');
        expect(response.status).toBe(404);
    });
});
