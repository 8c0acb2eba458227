import { describe, expect, it } from 'vitest';

import { MAPPING_RULES_QUERY, parseMappingRecords } from './load.ts';
import type { MappingRule } from './rules.ts';

const row = {
    attributes: { type: 'Closebooks_Field_Mapping__mdt', url: '/x' },
    DeveloperName: 'Line_Tax',
    Source_Object__c: 'OpportunityLineItem',
    Source_Field__c: 'Product2.Tax_Category__c',
    Target_Object__c: 'zoho_line_item',
    Target_Field__c: 'tax_name',
    Direction__c: 'Salesforce_To_Zoho',
    Field_Owner__c: 'Salesforce',
    Condition__c: null,
    Transform__c: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
    Sort_Order__c: 10,
    Is_Active__c: true
};

const rule: MappingRule = {
    name: 'Line_Tax',
    sourceObject: 'OpportunityLineItem',
    sourceField: 'Product2.Tax_Category__c',
    targetObject: 'zoho_line_item',
    targetField: 'tax_name',
    direction: 'Salesforce_To_Zoho',
    fieldOwner: 'Salesforce',
    condition: null,
    transform: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
    sortOrder: 10,
    active: true
};

describe('MAPPING_RULES_QUERY', () => {
    it('selects every field the rules need', () => {
        for (const field of Object.keys(row).filter((k) => k !== 'attributes'))
            expect(MAPPING_RULES_QUERY).toContain(field);
        expect(MAPPING_RULES_QUERY).toContain('FROM Closebooks_Field_Mapping__mdt');
    });
});

describe('parseMappingRecords', () => {
    it('turns rows into rules', () => {
        expect(parseMappingRecords([row])).toEqual({ rules: [rule], rejected: [] });
    });

    it('reads a null sort order as 0, a null owner and blank texts as null', () => {
        const { rules } = parseMappingRecords([
            {
                ...row,
                Sort_Order__c: null,
                Field_Owner__c: null,
                Condition__c: '  ',
                Transform__c: ''
            }
        ]);
        expect(rules[0]).toEqual({
            ...rule,
            sortOrder: 0,
            fieldOwner: null,
            condition: null,
            transform: null
        });
    });

    it('rejects malformed rows with the reason and keeps the rest', () => {
        const noTarget: Record<string, unknown> = { ...row };
        delete noTarget.Target_Field__c;
        expect(
            parseMappingRecords([
                { ...row, DeveloperName: 'Bad_Direction', Direction__c: 'Sideways' },
                { ...row, DeveloperName: 'Bad_Active', Is_Active__c: 'yes' },
                noTarget,
                'not a record',
                row
            ])
        ).toEqual({
            rules: [rule],
            rejected: [
                { name: 'Bad_Direction', reason: expect.stringMatching(/^Direction__c: /) },
                { name: 'Bad_Active', reason: expect.stringMatching(/^Is_Active__c: /) },
                { name: 'Line_Tax', reason: expect.stringMatching(/^Target_Field__c: /) },
                { name: '#4', reason: expect.stringMatching(/^record: /) }
            ]
        });
    });
});
