import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
    ConditionSyntaxError,
    evaluateCondition,
    parseCondition,
    printCondition,
    type Condition
} from '../src/sync/mapping/condition.ts';
import { parseMappingRecords } from '../src/sync/mapping/load.ts';
import { evaluateRules, type MappingRule } from '../src/sync/mapping/rules.ts';
import { applyTransform } from '../src/sync/mapping/transforms.ts';

/** The rules engine fuzzed: whatever an admin types or a record holds, it answers, never throws. */
const RUNS = Number(process.env.CLOSEBOOKS_FUZZ_CASES ?? 1_000);

const fieldPath = fc.constantFrom(
    'Type',
    'Name',
    'Account.Type',
    'Amount',
    'BillingCountry',
    'X__c'
);
const literal = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -1_000, max: 1_000 }),
    fc.boolean(),
    fc.constant(null)
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({
            kind: fc.constant('compare' as const),
            path: fieldPath,
            op: fc.constantFrom('=', '!=', '>', '<', '>=', '<=', 'contains'),
            value: literal
        }),
        fc.record({
            kind: fc.constant('unary' as const),
            path: fieldPath,
            op: fc.constantFrom('blank', 'notblank')
        }),
        fc.record({
            kind: fc.constantFrom('and' as const, 'or' as const),
            left: tie('node'),
            right: tie('node')
        })
    ) as fc.Arbitrary<Condition>
})).node;

/** Condition text as an admin might type it: printed conditions, their fragments, noise. */
const conditionText = fc.oneof(
    condition.map(printCondition),
    fc
        .tuple(condition.map(printCondition), fc.nat(), fc.nat())
        .map(([text, a, b]) => text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b))),
    fc.string({ maxLength: 60 }),
    fc.constantFrom("Type = 'x", "Name = 'O'Brien'", '((', 'AND', 'Type blank blank', "a = '\\")
);
const transformText = fc.oneof(
    fc.constantFrom('upper', 'lower', 'trim', 'date', 'iso_country', 'prefix:INV-', 'map:A=B;C=D'),
    fc
        .array(fc.constantFrom('upper', 'trim', 'date', 'map:=;', 'prefix:', ' ', 'nope'), {
            maxLength: 4
        })
        .map((steps) => steps.join('|')),
    fc.string({ maxLength: 30 })
);
const record = fc.dictionary(
    fieldPath,
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.date({ noInvalidDate: false }).map(String)),
    { maxKeys: 6 }
);
const rule: fc.Arbitrary<MappingRule> = fc.record({
    name: fc.string({ minLength: 1, maxLength: 10 }),
    sourceObject: fc.constantFrom('Account', 'account', 'Opportunity'),
    sourceField: fieldPath,
    targetObject: fc.constantFrom('contact', 'Contact', 'invoice'),
    targetField: fc.constantFrom('notes', 'Notes', 'website', 'cf_region'),
    direction: fc.constantFrom('Salesforce_To_Zoho', 'Zoho_To_Salesforce', 'Both'),
    fieldOwner: fc.constantFrom('Salesforce', 'Zoho', 'Last_Write_Wins', null),
    condition: fc.option(conditionText, { nil: null }),
    transform: fc.option(transformText, { nil: null }),
    sortOrder: fc.integer({ min: -5, max: 5 }),
    active: fc.boolean()
});

describe('fuzzing the mapping rules engine', () => {
    it('parses any text to a condition or refuses it with a syntax error, nothing else', () => {
        fc.assert(
            fc.property(conditionText, (text) => {
                try {
                    parseCondition(text);
                } catch (error) {
                    expect(error).toBeInstanceOf(ConditionSyntaxError);
                }
            }),
            { numRuns: RUNS }
        );
    });

    it('reads back every condition it prints, and evaluates it on any record without throwing', () => {
        fc.assert(
            fc.property(condition, record, (c, r) => {
                const again = parseCondition(printCondition(c));
                expect(printCondition(again)).toBe(printCondition(c));
                expect(typeof evaluateCondition(again, r)).toBe('boolean');
            }),
            { numRuns: RUNS }
        );
    });

    it('applies any transform spec to any value as a value or a reason, never an exception', () => {
        fc.assert(
            fc.property(fc.option(transformText, { nil: null }), fc.jsonValue(), (spec, value) => {
                const result = applyTransform(spec, value);
                if (result.ok) expect(result).toHaveProperty('value');
                else expect(result.message).toMatch(/\S/);
            }),
            { numRuns: RUNS }
        );
    });

    it('evaluates any rule set on any record: one assignment per target field, a problem for each broken rule', () => {
        fc.assert(
            fc.property(fc.array(rule, { maxLength: 8 }), record, (rules, r) => {
                const scope = { sourceObject: 'Account', targetObject: 'Contact', toZoho: true };
                const { assignments, problems } = evaluateRules(rules, scope, r);
                const fields = assignments.map((a) => a.targetField.toLowerCase());
                expect(new Set(fields).size).toBe(fields.length);
                const inScope = rules.filter(
                    (x) =>
                        x.active &&
                        x.direction !== 'Zoho_To_Salesforce' &&
                        x.sourceObject.toLowerCase() === 'account' &&
                        x.targetObject.toLowerCase() === 'contact'
                );
                expect(problems.length).toBeLessThanOrEqual(inScope.length);
                for (const a of assignments) expect(inScope.map((x) => x.name)).toContain(a.rule);
            }),
            { numRuns: RUNS }
        );
    });

    it('sorts any list of custom metadata rows into rules or rejections, one each', () => {
        fc.assert(
            fc.property(fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), rule)), (rows) => {
                const { rules, rejected } = parseMappingRecords(rows);
                expect(rules.length + rejected.length).toBe(rows.length);
            }),
            { numRuns: RUNS }
        );
    });
});
