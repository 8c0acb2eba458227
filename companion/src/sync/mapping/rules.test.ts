import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { evaluateRules, type MappingRule, readPath } from './rules.ts';

function rule(name: string, overrides: Partial<MappingRule> = {}): MappingRule {
    return {
        name,
        sourceObject: 'OpportunityLineItem',
        sourceField: 'Description',
        targetObject: 'zoho_line_item',
        targetField: 'description',
        direction: 'Salesforce_To_Zoho',
        fieldOwner: 'Salesforce',
        condition: null,
        transform: null,
        sortOrder: 10,
        active: true,
        ...overrides
    };
}

const toLine = {
    sourceObject: 'OpportunityLineItem',
    targetObject: 'zoho_line_item',
    toZoho: true
};
const line = {
    Description: 'Widget',
    Quantity: 2,
    Product2: { Name: 'Widget', Tax_Category__c: 'REDUCED' },
    Opportunity: { Type: 'New Business', Account: { BillingCountry: 'Deutschland' } }
};

describe('evaluateRules', () => {
    it('maps the tax category to a Zoho tax name', () => {
        const rules = [
            rule('Line_Tax', {
                sourceField: 'product2.tax_category__c',
                targetField: 'tax_name',
                transform: 'map:STANDARD=VAT 19;REDUCED=VAT 7'
            })
        ];
        expect(evaluateRules(rules, toLine, line)).toEqual({
            assignments: [{ rule: 'Line_Tax', targetField: 'tax_name', value: 'VAT 7' }],
            problems: []
        });
    });

    it('selects by object (case-insensitively), direction and active flag', () => {
        const rules = [
            rule('A', { sourceObject: 'opportunitylineitem', targetObject: 'ZOHO_LINE_ITEM' }),
            rule('B', { targetField: 'b', direction: 'Both' }),
            rule('C', { targetField: 'c', direction: 'Zoho_To_Salesforce' }),
            rule('D', { targetField: 'd', active: false }),
            rule('E', { targetField: 'e', targetObject: 'zoho_invoice' }),
            rule('F', { targetField: 'f', sourceObject: 'Opportunity' })
        ];
        const names = (toZoho: boolean) =>
            evaluateRules(rules, { ...toLine, toZoho }, line).assignments.map((a) => a.rule);
        expect(names(true)).toEqual(['A', 'B']);
        expect(names(false)).toEqual(['B', 'C']);
    });

    it('applies in sortOrder then name order, the later rule winning a shared target', () => {
        const rules = [
            rule('Z_First', { sortOrder: 1, transform: 'prefix:1-' }),
            rule('B_Last', { sortOrder: 20, transform: 'prefix:3-' }),
            rule('A_Middle', { sortOrder: 20, transform: 'prefix:2-', targetField: 'DESCRIPTION' })
        ];
        expect(evaluateRules(rules, toLine, line).assignments).toEqual([
            { rule: 'B_Last', targetField: 'description', value: '3-Widget' }
        ]);
        expect(evaluateRules(rules.slice(0, 2), toLine, line).assignments[0]?.value).toBe(
            '3-Widget'
        );
    });

    it('skips a rule whose condition is false, and reads nested paths in conditions', () => {
        const rules = [
            rule('Base', { sortOrder: 1 }),
            rule('Renewal', { condition: "Opportunity.Type = 'Renewal'", transform: 'upper' }),
            rule('German', {
                targetField: 'notes',
                condition: "Opportunity.Type = 'new business' AND Quantity > 1",
                sourceField: 'Opportunity.Account.BillingCountry',
                transform: 'iso_country'
            })
        ];
        expect(evaluateRules(rules, toLine, line).assignments).toEqual([
            { rule: 'Base', targetField: 'description', value: 'Widget' },
            { rule: 'German', targetField: 'notes', value: 'DE' }
        ]);
    });

    it('reports syntax errors and failed transforms as problems, keeping earlier assignments', () => {
        const rules = [
            rule('Base', { sortOrder: 1 }),
            rule('Bad_Condition', { condition: "Opportunity.Type = 'x" }),
            rule('Bad_Map', {
                sortOrder: 30,
                sourceField: 'Product2.Tax_Category__c',
                transform: 'map:STANDARD=VAT 19'
            })
        ];
        expect(evaluateRules(rules, toLine, line)).toEqual({
            assignments: [{ rule: 'Base', targetField: 'description', value: 'Widget' }],
            problems: [
                {
                    rule: 'Bad_Condition',
                    targetField: 'description',
                    message:
                        'condition: Condition syntax error at position 20: the quoted value is never closed'
                },
                {
                    rule: 'Bad_Map',
                    targetField: 'description',
                    message: "transform: no entry for 'REDUCED' in map"
                }
            ]
        });
    });

    it('assigns null for a missing source value, whatever the transform', () => {
        const rules = [rule('Missing', { sourceField: 'Product2.Family', transform: 'upper' })];
        expect(evaluateRules(rules, toLine, line).assignments).toEqual([
            { rule: 'Missing', targetField: 'description', value: null }
        ]);
    });
});

describe('readPath', () => {
    it.each<[string, unknown]>([
        ['Description', 'Widget'],
        ['description', 'Widget'],
        ['PRODUCT2.tax_category__C', 'REDUCED'],
        ['Opportunity.Account.BillingCountry', 'Deutschland'],
        ['Opportunity.Account.Missing', undefined],
        ['Description.Length', undefined],
        ['Nope.Nope', undefined],
        ['toString', undefined],
        ['__proto__', undefined]
    ])('%s → %j', (path, expected) => {
        expect(readPath(line, path)).toEqual(expected);
    });
});

const name = fc.constantFrom('A', 'B', 'C', 'D');
const arbitraryRule: fc.Arbitrary<MappingRule> = fc.record({
    name,
    sourceObject: fc.constantFrom('OpportunityLineItem', 'opportunitylineitem', 'Account'),
    sourceField: fc.constantFrom('Description', 'Quantity', 'Product2.Tax_Category__c', 'x'),
    targetObject: fc.constantFrom('zoho_line_item', 'Zoho_Line_Item', 'zoho_invoice'),
    targetField: fc.constantFrom('description', 'Description', 'tax_name', 'rate'),
    direction: fc.constantFrom('Salesforce_To_Zoho', 'Zoho_To_Salesforce', 'Both' as const),
    fieldOwner: fc.constantFrom('Salesforce', 'Zoho', 'Last_Write_Wins', null),
    condition: fc.oneof(
        fc.constant(null),
        fc.string(),
        fc.constant('Quantity > 1 AND Description notblank')
    ),
    transform: fc.oneof(
        fc.constant(null),
        fc.string(),
        fc.constantFrom('upper|trim', 'map:a=b', 'date')
    ),
    sortOrder: fc.integer({ min: -5, max: 5 }),
    active: fc.boolean()
});

describe('rule properties', () => {
    it('never throws, and yields at most one assignment per target field', () => {
        fc.assert(
            fc.property(
                fc.array(arbitraryRule, { maxLength: 8 }),
                fc.boolean(),
                fc.object(),
                (rules, toZoho, record) => {
                    const { assignments, problems } = evaluateRules(
                        rules,
                        { ...toLine, toZoho },
                        record
                    );
                    const targets = assignments.map((a) => a.targetField.toLowerCase());
                    expect(new Set(targets).size).toBe(targets.length);
                    expect(assignments.length + problems.length).toBeLessThanOrEqual(rules.length);
                }
            )
        );
    });

    it('does not depend on the order the rules are given in', () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(arbitraryRule, { maxLength: 4, selector: (r) => r.name }),
                (rules) => {
                    const reversed = [...rules].reverse();
                    expect(evaluateRules(reversed, toLine, line)).toEqual(
                        evaluateRules(rules, toLine, line)
                    );
                }
            )
        );
    });
});
