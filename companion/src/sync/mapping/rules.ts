import { ConditionSyntaxError, evaluateCondition, parseCondition } from './condition.ts';
import { readPath } from './path.ts';
import { applyTransform } from './transforms.ts';

/** Case-insensitive dotted path through nested Salesforce-style records (see path.ts). */
export { readPath };

export type Direction = 'Salesforce_To_Zoho' | 'Zoho_To_Salesforce' | 'Both';
export type FieldOwner = 'Salesforce' | 'Zoho' | 'Last_Write_Wins';
export type MappingRule = {
    name: string; // DeveloperName
    sourceObject: string;
    sourceField: string;
    targetObject: string;
    targetField: string;
    direction: Direction;
    fieldOwner: FieldOwner | null;
    condition: string | null;
    transform: string | null;
    sortOrder: number;
    active: boolean;
};
export type Assignment = { rule: string; targetField: string; value: unknown };
export type RuleProblem = { rule: string; targetField: string; message: string };
export type Evaluation = { assignments: Assignment[]; problems: RuleProblem[] };

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function inScope(
    rule: MappingRule,
    scope: { sourceObject: string; targetObject: string; toZoho: boolean }
): boolean {
    const direction = scope.toZoho ? 'Salesforce_To_Zoho' : 'Zoho_To_Salesforce';
    return (
        rule.active &&
        (rule.direction === 'Both' || rule.direction === direction) &&
        sameName(rule.sourceObject, scope.sourceObject) &&
        sameName(rule.targetObject, scope.targetObject)
    );
}

function byOrder(a: MappingRule, b: MappingRule): number {
    if (a.sortOrder !== b.sortOrder) return a.sortOrder < b.sortOrder ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether the rule's condition holds, or the syntax error's message. */
function conditionHolds(rule: MappingRule, record: Readonly<Record<string, unknown>>) {
    if (rule.condition === null || !rule.condition.trim()) return true;
    try {
        return evaluateCondition(parseCondition(rule.condition), record);
    } catch (error) {
        if (error instanceof ConditionSyntaxError) return error.message;
        throw error;
    }
}

/**
 * Rules for (sourceObject → targetObject) in the given direction, applied in sortOrder then name
 * order; inactive skipped; a false condition skips the rule; a syntax error or failed transform
 * is a problem (never thrown); the later rule wins when two target the same field (one
 * assignment per targetField in the result). Object names compare case-insensitively.
 *
 * Target fields also compare case-insensitively (the winner's spelling is kept); a rule that
 * fails leaves an earlier rule's assignment to the same field in place.
 */
export function evaluateRules(
    rules: readonly MappingRule[],
    scope: { sourceObject: string; targetObject: string; toZoho: boolean },
    record: Readonly<Record<string, unknown>>
): Evaluation {
    const assignments = new Map<string, Assignment>();
    const problems: RuleProblem[] = [];
    for (const rule of rules.filter((r) => inScope(r, scope)).sort(byOrder)) {
        const problem = (message: string) =>
            problems.push({ rule: rule.name, targetField: rule.targetField, message });
        const holds = conditionHolds(rule, record);
        if (typeof holds === 'string') problem(`condition: ${holds}`);
        if (holds !== true) continue;
        const result = applyTransform(rule.transform, readPath(record, rule.sourceField));
        if (!result.ok) {
            problem(`transform: ${result.message}`);
            continue;
        }
        const key = rule.targetField.toLowerCase();
        assignments.delete(key);
        assignments.set(key, {
            rule: rule.name,
            targetField: rule.targetField,
            value: result.value
        });
    }
    return { assignments: [...assignments.values()], problems };
}
