import { evaluateRules, type MappingRule, type RuleProblem } from '../../mapping/rules.ts';
import type { FieldPolicy } from '../merge.ts';

/** The mapping rules between a Salesforce Contact and a Zoho contact person, as merge policies. */

export const CONTACT_OBJECT = 'Contact';
export const PERSON_OBJECT = 'zoho_contact_person';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function personRules(rules: readonly MappingRule[]): MappingRule[] {
    return rules.filter(
        (r) =>
            r.active && same(r.sourceObject, CONTACT_OBJECT) && same(r.targetObject, PERSON_OBJECT)
    );
}

/**
 * One policy per Zoho field (the last rule by sort order wins, as in evaluation). A rule
 * without an owner is owned by the side it flows from; a two-way one by the newer change.
 */
export function personPolicies(rules: readonly MappingRule[]): FieldPolicy[] {
    const byField = new Map<string, FieldPolicy>();
    const ordered = personRules(rules).sort(
        (a, b) => a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    );
    for (const rule of ordered)
        byField.set(rule.targetField.toLowerCase(), {
            zohoField: rule.targetField,
            salesforceField: rule.sourceField,
            direction: rule.direction,
            owner:
                rule.fieldOwner ??
                (rule.direction === 'Both'
                    ? 'Last_Write_Wins'
                    : rule.direction === 'Salesforce_To_Zoho'
                      ? 'Salesforce'
                      : 'Zoho')
        });
    return [...byField.values()];
}

/** The Salesforce fields the rules read (to SELECT). */
export function contactFields(rules: readonly MappingRule[]): string[] {
    return [...new Set(personRules(rules).map((r) => r.sourceField))];
}

/**
 * What a Contact is in Zoho's terms: every rule applied whichever way it flows (the merge needs
 * both sides of each field to compare). A field whose condition is false is left out, so the
 * pair's merge ignores it; a failed transform is a problem.
 */
export function contactInZohoTerms(
    rules: readonly MappingRule[],
    contact: Readonly<Record<string, unknown>>
): { values: Record<string, unknown>; fields: Set<string>; problems: RuleProblem[] } {
    const evaluation = evaluateRules(
        personRules(rules).map((r) => ({ ...r, direction: 'Both' as const })),
        { sourceObject: CONTACT_OBJECT, targetObject: PERSON_OBJECT, toZoho: true },
        contact
    );
    const values = Object.fromEntries(evaluation.assignments.map((a) => [a.targetField, a.value]));
    return { values, fields: new Set(Object.keys(values)), problems: evaluation.problems };
}
