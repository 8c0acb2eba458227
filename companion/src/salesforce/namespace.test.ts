import { describe, expect, it } from 'vitest';

import { createNamespaceTranslator } from './namespace.ts';

const ns = createNamespaceTranslator('cbks');
const none = createNamespaceTranslator('');

describe('namespace translator: local to org', () => {
    it('prefixes the package objects, fields and relationships of a SOQL query, nothing else', () => {
        const soql =
            'SELECT Id, Name, Zoho_Invoice_Id__c, Region__c, Account.Zoho_Contact_Id__c, ' +
            'Opportunity__r.Name, (SELECT Id, Balance__c FROM Zoho_Invoices__r) ' +
            "FROM Zoho_Invoice__c WHERE Status__c = 'Zoho_Invoice_Id__c it\\'s' AND Region__c != null";
        expect(ns.toOrgSoql(soql)).toBe(
            'SELECT Id, Name, cbks__Zoho_Invoice_Id__c, Region__c, Account.cbks__Zoho_Contact_Id__c, ' +
                'cbks__Opportunity__r.Name, (SELECT Id, cbks__Balance__c FROM cbks__Zoho_Invoices__r) ' +
                "FROM cbks__Zoho_Invoice__c WHERE cbks__Status__c = 'Zoho_Invoice_Id__c it\\'s' AND Region__c != null"
        );
    });

    it('queries custom metadata types by their prefixed name', () => {
        expect(
            ns.toOrgSoql('SELECT DeveloperName, Source_Field__c FROM Closebooks_Field_Mapping__mdt')
        ).toBe(
            'SELECT DeveloperName, cbks__Source_Field__c FROM cbks__Closebooks_Field_Mapping__mdt'
        );
    });

    it('leaves names already prefixed and case variants it knows as written', () => {
        expect(ns.toOrgName('cbks__Zoho_Invoice__c')).toBe('cbks__Zoho_Invoice__c');
        expect(ns.toOrgName('zoho_invoice__c')).toBe('cbks__zoho_invoice__c');
        expect(ns.toOrgName('Account.Zoho_Invoices__r')).toBe('Account.cbks__Zoho_Invoices__r');
    });

    it('prefixes sObject names and external id fields in paths, and the SOQL of q', () => {
        expect(ns.toOrgPath('/composite/sobjects/Opportunity/Zoho_Invoice_Id__c')).toBe(
            '/composite/sobjects/Opportunity/cbks__Zoho_Invoice_Id__c'
        );
        expect(ns.toOrgPath('/sobjects/Closebooks_Sync__e')).toBe(
            '/sobjects/cbks__Closebooks_Sync__e'
        );
        const path = `/query?q=${encodeURIComponent('SELECT Id FROM Zoho_Payment__c')}`;
        expect(decodeURIComponent(ns.toOrgPath(path))).toBe(
            '/query?q=SELECT Id FROM cbks__Zoho_Payment__c'
        );
    });

    it('prefixes record keys, attributes.type, parent references and composite subrequests', () => {
        const body = {
            allOrNone: false,
            compositeRequest: [
                {
                    method: 'PATCH',
                    url: '/services/data/v65.0/composite/sobjects/Zoho_Invoice__c/Zoho_Invoice_Id__c',
                    referenceId: 'r0',
                    body: {
                        records: [
                            {
                                attributes: { type: 'Zoho_Invoice__c' },
                                Zoho_Invoice_Id__c: 'Balance__c',
                                Region__c: 'EU',
                                Name: 'INV-1',
                                Account__r: { Zoho_Contact_Id__c: '42' }
                            }
                        ]
                    }
                }
            ]
        };
        expect(ns.toOrgBody(body)).toEqual({
            allOrNone: false,
            compositeRequest: [
                {
                    method: 'PATCH',
                    url: '/services/data/v65.0/composite/sobjects/cbks__Zoho_Invoice__c/cbks__Zoho_Invoice_Id__c',
                    referenceId: 'r0',
                    body: {
                        records: [
                            {
                                attributes: { type: 'cbks__Zoho_Invoice__c' },
                                cbks__Zoho_Invoice_Id__c: 'Balance__c',
                                Region__c: 'EU',
                                Name: 'INV-1',
                                cbks__Account__r: { cbks__Zoho_Contact_Id__c: '42' }
                            }
                        ]
                    }
                }
            ]
        });
    });
});

describe('namespace translator: org to local', () => {
    it('makes record keys, nested relationship records and attributes local, values untouched', () => {
        const page = {
            totalSize: 1,
            done: true,
            records: [
                {
                    attributes: {
                        type: 'cbks__Zoho_Invoice__c',
                        url: '/services/data/v65.0/sobjects/cbks__Zoho_Invoice__c/a00000000000001AAA'
                    },
                    cbks__Balance__c: 10,
                    Region__c: 'cbks__Balance__c',
                    cbks__Opportunity__r: {
                        attributes: { type: 'Opportunity' },
                        cbks__Zoho_Invoice_Id__c: '9'
                    },
                    cbks__Allocations__r: { totalSize: 0, done: true, records: [] }
                }
            ]
        };
        expect(ns.toLocalBody(page)).toEqual({
            totalSize: 1,
            done: true,
            records: [
                {
                    attributes: {
                        type: 'Zoho_Invoice__c',
                        url: '/services/data/v65.0/sobjects/Zoho_Invoice__c/a00000000000001AAA'
                    },
                    Balance__c: 10,
                    Region__c: 'cbks__Balance__c',
                    Opportunity__r: {
                        attributes: { type: 'Opportunity' },
                        Zoho_Invoice_Id__c: '9'
                    },
                    Allocations__r: { totalSize: 0, done: true, records: [] }
                }
            ]
        });
    });

    it('makes the fields and message of save errors local', () => {
        const results = [
            {
                success: false,
                errors: [
                    {
                        statusCode: 'INVALID_FIELD',
                        message: "No such column 'cbks__Foo__c' on cbks__Zoho_Invoice__c",
                        fields: ['cbks__Balance__c']
                    }
                ]
            }
        ];
        expect(ns.toLocalBody(results)).toEqual([
            {
                success: false,
                errors: [
                    {
                        statusCode: 'INVALID_FIELD',
                        message: "No such column 'Foo__c' on Zoho_Invoice__c",
                        fields: ['Balance__c']
                    }
                ]
            }
        ]);
    });
});

describe('namespace translator without a namespace', () => {
    it('returns every input unchanged', () => {
        const body = { attributes: { type: 'Zoho_Invoice__c' }, Balance__c: 1 };
        expect(none.toOrgSoql('SELECT Balance__c FROM Zoho_Invoice__c')).toBe(
            'SELECT Balance__c FROM Zoho_Invoice__c'
        );
        expect(none.toOrgBody(body)).toBe(body);
        expect(none.toOrgPath('/sobjects/Zoho_Invoice__c')).toBe('/sobjects/Zoho_Invoice__c');
        expect(none.toLocalBody(body)).toBe(body);
    });
});
