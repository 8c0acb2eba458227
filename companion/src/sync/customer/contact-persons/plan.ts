import type { MappingRule } from '../../mapping/rules.ts';
import { canonical, mergeFields, sameValue, type Baseline, type FieldConflict } from '../merge.ts';
import { contactInZohoTerms, personPolicies } from './policies.ts';

/**
 * What to write for one pair of Contact and contact person, or for a Contact that has no person
 * yet, as pure decisions over the merge (`mergeFields` decides every field).
 */

export type PersonProblem = { code: string; message: string };

export type PairPlan = {
    /** Zoho field → value for the person (empty: nothing to send). */
    toZoho: Record<string, unknown>;
    /** Salesforce field → value for the Contact (empty: nothing to send). */
    toSalesforce: Record<string, unknown>;
    conflicts: FieldConflict[];
    /** What both sides agree on once the writes are made. */
    baseline: Record<string, unknown>;
    problems: PersonProblem[];
};

type Values = Readonly<Record<string, unknown>>;

/** Zoho refuses a contact person without a first name (reference §6.3). */
const FIRST_NAME = 'first_name';

function ruleProblems(problems: { rule: string; message: string }[]): PersonProblem[] {
    return problems.map((p) => ({ code: 'mapping_failed', message: `${p.rule}: ${p.message}` }));
}

/**
 * Merges one linked pair. Two refinements over the bare merge: a value a Contact already holds
 * is not written again, and after a Zoho value lands in Salesforce the baseline records what
 * that Contact now maps to (a transform such as `lower` may make it differ from Zoho's spelling),
 * so the next run sees neither side changed and sends nothing back.
 */
export function planPair(input: {
    rules: readonly MappingRule[];
    contact: Values;
    contactModifiedMs: number;
    person: Values;
    personModifiedMs: number;
    baseline: Baseline | undefined;
    windowMs: number;
}): PairPlan {
    const mapped = contactInZohoTerms(input.rules, input.contact);
    const policies = personPolicies(input.rules).filter((p) => mapped.fields.has(p.zohoField));
    const zohoValues = Object.fromEntries(
        policies.map((p) => [p.zohoField, input.person[p.zohoField]])
    );
    const merged = mergeFields(
        policies,
        input.baseline,
        { values: mapped.values, modifiedMs: input.contactModifiedMs },
        { values: zohoValues, modifiedMs: input.personModifiedMs },
        input.windowMs
    );
    const problems = ruleProblems(mapped.problems);
    const toSalesforce = Object.fromEntries(
        Object.entries(merged.toSalesforce).filter(
            ([field, value]) => !sameValue(input.contact[field], value)
        )
    );
    const baseline = { ...merged.baseline };
    if (Object.keys(merged.toSalesforce).length > 0) {
        const after = contactInZohoTerms(input.rules, { ...input.contact, ...merged.toSalesforce });
        for (const policy of policies)
            if (policy.salesforceField in merged.toSalesforce)
                baseline[policy.zohoField] = canonical(after.values[policy.zohoField]);
    }
    const toZoho = { ...merged.toZoho };
    if (FIRST_NAME in toZoho && canonical(toZoho[FIRST_NAME]) === null) {
        delete toZoho[FIRST_NAME];
        problems.push({
            code: 'first_name_required',
            message: 'Zoho needs a first name for a contact person; the Contact has none'
        });
    }
    return { toZoho, toSalesforce, conflicts: merged.conflicts, baseline, problems };
}

export type CreatePlan =
    | { ok: true; body: Record<string, unknown>; baseline: Record<string, unknown> }
    | { ok: false; problems: PersonProblem[] };

/** The new person's fields: every mapped value allowed to flow to Zoho. */
export function planCreate(rules: readonly MappingRule[], contact: Values): CreatePlan {
    const mapped = contactInZohoTerms(rules, contact);
    if (mapped.problems.length > 0) return { ok: false, problems: ruleProblems(mapped.problems) };
    const body: Record<string, unknown> = {};
    for (const policy of personPolicies(rules)) {
        const value = canonical(mapped.values[policy.zohoField]);
        if (policy.direction !== 'Zoho_To_Salesforce' && value !== null)
            body[policy.zohoField] = value;
    }
    if (typeof body[FIRST_NAME] !== 'string')
        return {
            ok: false,
            problems: [
                {
                    code: 'first_name_required',
                    message: 'Zoho needs a first name for a contact person; the Contact has none'
                }
            ]
        };
    return { ok: true, body, baseline: { ...body } };
}
