import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadSchema } from './load-metadata.ts';
import { findField, findObject } from './types.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');

function fixtureProject(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'sf-schema-'));
    for (const [path, body] of Object.entries(files)) {
        const full = join(dir, 'force-app/main/default', path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, body);
    }
    return dir;
}

const xml = (root: string, body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body}</${root}>`;

describe('loadSchema', () => {
    it('reads the package metadata in this repository', () => {
        const schema = loadSchema(repoRoot);
        expect(schema.namespace).toBe('cbks');
        const opportunity = findObject(schema, 'Opportunity')!;
        const status = findField(opportunity, 'cbks__closebooks_sync_status__c');
        expect(status).toMatchObject({ type: 'picklist', restrictedPicklist: true, custom: true });
        expect(status?.picklistValues?.map((v) => v.value)).toEqual([
            'Pending',
            'Synced',
            'Held',
            'Failed'
        ]);
        const event = findObject(schema, 'cbks__Closebooks_Sync__e');
        expect(event).toMatchObject({ kind: 'event', queryable: false });
        expect(findField(event!, 'cbks__Record_Id__c')).toMatchObject({
            type: 'string',
            length: 18
        });
        expect(schema.permissionSets.get('Closebooks_Integration')).toContain(
            'Closebooks_Bypass_Automation'
        );
    });

    it('knows the package only under its namespace, as a subscriber org does', () => {
        const schema = loadSchema(repoRoot);
        expect(findObject(schema, 'Zoho_Invoice__c')).toBeUndefined();
        expect(findField(findObject(schema, 'Opportunity')!, 'Zoho_Invoice_Id__c')).toBeUndefined();
        const invoice = findObject(schema, 'cbks__Zoho_Invoice__c')!;
        expect(findField(invoice, 'cbks__Opportunity__c')).toMatchObject({
            referenceTo: ['Opportunity'],
            relationshipName: 'cbks__Opportunity__r'
        });
        expect(findField(invoice, 'Name')).toBeDefined();
        const allocation = findObject(schema, 'cbks__Zoho_Payment_Allocation__c')!;
        expect(
            [...allocation.fields.values()].find(
                (f) => f.referenceTo?.[0] === 'cbks__Zoho_Invoice__c'
            )
        ).toBeDefined();
        expect(findObject(schema, 'Account')!.childRelationships).toContainEqual(
            expect.objectContaining({
                relationshipName: 'cbks__Zoho_Invoices__r',
                childSObject: 'cbks__Zoho_Invoice__c'
            })
        );
        const mapping = schema.customMetadata.find((r) => r.developerName === 'Account_Name');
        expect(mapping?.type).toBe('cbks__Closebooks_Field_Mapping__mdt');
        expect(mapping?.values).toHaveProperty('cbks__Source_Field__c', 'Name');
    });

    it.each(['Zoho_Invoice__c', 'Zoho_Payment__c', 'Zoho_Revenue_Summary__c'])(
        'makes the mirror %s a detail of its account: no owner, a required reparentable link',
        (name) => {
            const mirror = findObject(loadSchema(repoRoot), `cbks__${name}`)!;
            expect(findField(mirror, 'OwnerId')).toBeUndefined();
            expect(findField(mirror, 'cbks__Account__c')).toMatchObject({
                referenceTo: ['Account'],
                required: true,
                updateable: true
            });
        }
    );

    it('installs the Closebooks Quotes extension from force-app-quotes beside the package', () => {
        const schema = loadSchema(repoRoot);
        const quote = findObject(schema, 'Quote')!;
        expect(findField(quote, 'cbks__Closebooks_Sync_Status__c')).toMatchObject({
            type: 'picklist',
            custom: true
        });
        expect(findField(quote, 'cbks__Closebooks_Sync_Message__c')).toBeDefined();
        expect(schema.permissionSets.has('Closebooks_Quotes_User')).toBe(true);
        expect(schema.permissionSets.has('Closebooks_Admin')).toBe(true);
    });

    it('installs the package bare with an empty namespace', () => {
        const schema = loadSchema(repoRoot, '');
        expect(schema.namespace).toBe('');
        expect(findField(findObject(schema, 'Opportunity')!, 'Zoho_Invoice_Id__c')).toBeDefined();
        expect(findObject(schema, 'cbks__Zoho_Invoice__c')).toBeUndefined();
    });

    it('loads custom objects, lookups with child relationships and custom metadata records', () => {
        const dir = fixtureProject({
            'objects/Zoho_Invoice__c/Zoho_Invoice__c.object-meta.xml': xml(
                'CustomObject',
                '<label>Zoho Invoice</label><pluralLabel>Zoho Invoices</pluralLabel><nameField><label>Invoice Number</label><type>Text</type></nameField><sharingModel>ControlledByParent</sharingModel>'
            ),
            'objects/Zoho_Invoice__c/fields/Opportunity__c.field-meta.xml': xml(
                'CustomField',
                '<fullName>Opportunity__c</fullName><label>Opportunity</label><type>MasterDetail</type><referenceTo>Opportunity</referenceTo><relationshipName>Zoho_Invoices</relationshipName>'
            ),
            'objects/Zoho_Invoice__c/fields/Zoho_Invoice_Id__c.field-meta.xml': xml(
                'CustomField',
                '<fullName>Zoho_Invoice_Id__c</fullName><label>Zoho Invoice Id</label><type>Text</type><length>40</length><externalId>true</externalId><unique>true</unique>'
            ),
            'objects/Closebooks_Setting__mdt/fields/Value__c.field-meta.xml': xml(
                'CustomField',
                '<fullName>Value__c</fullName><label>Value</label><type>Text</type><length>255</length>'
            ),
            'customMetadata/Closebooks_Setting.Trigger_Mode.md-meta.xml': xml(
                'CustomMetadata',
                '<label>Trigger mode</label><protected>false</protected><values><field>Value__c</field><value xsi:type="xsd:string">quote</value></values>'
            )
        });
        const schema = loadSchema(dir);
        const invoice = findObject(schema, 'zoho_invoice__c')!;
        expect(invoice.keyPrefix).toMatch(/^a[0-9A-Za-z]{2}$/);
        expect(findField(invoice, 'OwnerId')).toBeUndefined();
        expect(findField(invoice, 'Name')).toMatchObject({
            required: true,
            label: 'Invoice Number'
        });
        expect(findField(invoice, 'Opportunity__c')).toMatchObject({
            required: true,
            relationshipName: 'Opportunity__r',
            referenceTo: ['Opportunity']
        });
        expect(findObject(schema, 'Opportunity')!.childRelationships).toContainEqual({
            relationshipName: 'Zoho_Invoices__r',
            childSObject: 'Zoho_Invoice__c',
            field: 'Opportunity__c'
        });
        expect(schema.customMetadata).toEqual([
            {
                type: 'Closebooks_Setting__mdt',
                developerName: 'Trigger_Mode',
                label: 'Trigger mode',
                values: { Value__c: 'quote' }
            }
        ]);
    });

    it('names the file when a field type is unknown', () => {
        const dir = fixtureProject({
            'objects/Account/fields/Where__c.field-meta.xml': xml(
                'CustomField',
                '<fullName>Where__c</fullName><label>Where</label><type>Location</type>'
            )
        });
        expect(() => loadSchema(dir)).toThrow(/Where__c: field type Location is not supported/);
    });
});
