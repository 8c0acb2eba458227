import type { Direction, FieldOwner } from '../mapping/rules.ts';

/**
 * The two-way merge of one linked pair of records (F2), as a pure decision. Values are compared
 * in Zoho's terms: the Salesforce side is what the outbound mapping rules make of the Salesforce
 * record (transforms applied), the Zoho side is the Zoho record's own field values, and the
 * baseline is what both sides last agreed on (stored per link). A field changed on one side only
 * flows to the other as its owner allows; a field changed on both sides is settled by its owner,
 * or for a two-way field by the newer change — unless the two edits fall within the same sync
 * window, which is a conflict for a person to settle: nothing is overwritten then.
 */

/** One mapped field of a pair of objects, keyed by its Zoho field name. */
export type FieldPolicy = {
    /** The Zoho field (the comparison key). */
    zohoField: string;
    /** The Salesforce field it corresponds to. */
    salesforceField: string;
    owner: FieldOwner;
    direction: Direction;
};

/** One side's current values (by Zoho field name) and when that record was last modified. */
export type Side = { values: Readonly<Record<string, unknown>>; modifiedMs: number };

/** What both sides last agreed on, by Zoho field name. */
export type Baseline = Readonly<Record<string, unknown>>;

export type FieldConflict = {
    zohoField: string;
    salesforceField: string;
    salesforceValue: unknown;
    zohoValue: unknown;
    baselineValue: unknown;
};

export type MergeResult = {
    /** Zoho field → value to write in Zoho. */
    toZoho: Record<string, unknown>;
    /** Salesforce field → value to write in Salesforce. */
    toSalesforce: Record<string, unknown>;
    conflicts: FieldConflict[];
    /** The new agreed values; a conflicting field keeps its old baseline until settled. */
    baseline: Record<string, unknown>;
};

/** null, undefined and '' are all "no value"; everything else compares by its JSON text. */
export function canonical(value: unknown): unknown {
    if (value === undefined || value === null || value === '') return null;
    return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

type Winner = 'salesforce' | 'zoho' | 'none' | 'conflict';

/** Whether a value may travel to `to` under the rule's direction. */
export function mayFlow(policy: FieldPolicy, to: 'salesforce' | 'zoho'): boolean {
    if (policy.direction === 'Both') return true;
    return to === 'zoho'
        ? policy.direction === 'Salesforce_To_Zoho'
        : policy.direction === 'Zoho_To_Salesforce';
}

/** Which side's value stands for one field, given what changed since the baseline. */
function decide(
    policy: FieldPolicy,
    changed: { salesforce: boolean; zoho: boolean },
    modified: { salesforce: number; zoho: number },
    windowMs: number
): Winner {
    if (!changed.salesforce && !changed.zoho) return 'none';
    if (policy.owner === 'Salesforce') return 'salesforce';
    if (policy.owner === 'Zoho') return 'zoho';
    if (changed.salesforce !== changed.zoho) return changed.salesforce ? 'salesforce' : 'zoho';
    if (Math.abs(modified.salesforce - modified.zoho) <= windowMs) return 'conflict';
    return modified.salesforce > modified.zoho ? 'salesforce' : 'zoho';
}

/**
 * Merges one pair. Without a baseline (a first link) every differing field counts as changed on
 * both sides, and two-way fields go to the newer record without raising a conflict: there is no
 * earlier agreement for the edits to contradict.
 */
export function mergeFields(
    policies: readonly FieldPolicy[],
    baseline: Baseline | undefined,
    salesforce: Side,
    zoho: Side,
    windowMs: number
): MergeResult {
    const result: MergeResult = { toZoho: {}, toSalesforce: {}, conflicts: [], baseline: {} };
    const modified = { salesforce: salesforce.modifiedMs, zoho: zoho.modifiedMs };
    for (const policy of policies) {
        const key = policy.zohoField;
        const sfValue = canonical(salesforce.values[key]);
        const zohoValue = canonical(zoho.values[key]);
        if (sameValue(sfValue, zohoValue)) {
            result.baseline[key] = sfValue;
            continue;
        }
        const firstLink = baseline === undefined;
        const changed = {
            salesforce: firstLink || !sameValue(sfValue, baseline[key]),
            zoho: firstLink || !sameValue(zohoValue, baseline[key])
        };
        let winner = decide(policy, changed, modified, firstLink ? -1 : windowMs);
        // A value may only travel the rule's way; the other side then keeps its own.
        if (winner === 'salesforce' && !mayFlow(policy, 'zoho')) winner = 'none';
        if (winner === 'zoho' && !mayFlow(policy, 'salesforce')) winner = 'none';
        if (winner === 'salesforce') {
            result.toZoho[key] = sfValue;
            result.baseline[key] = sfValue;
        } else if (winner === 'zoho') {
            result.toSalesforce[policy.salesforceField] = zohoValue;
            result.baseline[key] = zohoValue;
        } else {
            if (winner === 'conflict')
                result.conflicts.push({
                    zohoField: key,
                    salesforceField: policy.salesforceField,
                    salesforceValue: sfValue,
                    zohoValue,
                    baselineValue: canonical(baseline?.[key])
                });
            result.baseline[key] = canonical(baseline?.[key]);
        }
    }
    return result;
}
