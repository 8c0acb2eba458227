import type { EventType } from '../../contracts/salesforce-events.ts';
import { ConditionSyntaxError, evaluateCondition, parseCondition } from '../mapping/condition.ts';
import type { MappingRule } from '../mapping/rules.ts';
import { contactBody, salesforceValues } from './fields.ts';
import { mayFlow, type FieldPolicy } from './merge.ts';

/**
 * Whether an Account not yet linked becomes a Zoho customer now (pure). An explicit sync
 * request always creates; a change creates only when the settings' entry condition holds
 * (without one, accounts wait for their first invoice or a sync request).
 */
export function entryDecision(
    eventType: EventType,
    condition: string | null,
    account: Readonly<Record<string, unknown>>
): { create: true } | { create: false; reason: string } {
    if (eventType === 'account.sync_requested') return { create: true };
    if (!condition)
        return { create: false, reason: 'waits for its first invoice or a sync request' };
    try {
        return evaluateCondition(parseCondition(condition), account)
            ? { create: true }
            : { create: false, reason: `does not meet the entry condition ${condition}` };
    } catch (error) {
        if (!(error instanceof ConditionSyntaxError)) throw error;
        return { create: false, reason: `the entry condition is not valid: ${error.message}` };
    }
}

/**
 * The new Zoho customer for an Account: its mapped values that may travel to Zoho (empty ones
 * left out), as a customer, in the Account's currency when Zoho has it, with the package's
 * payment terms.
 */
export function newCustomerBody(input: {
    rules: readonly MappingRule[];
    policies: readonly FieldPolicy[];
    account: Readonly<Record<string, unknown>> & { Name: string };
    currencyId: string | undefined;
    paymentTermsDays: number | null;
}): Record<string, unknown> & { contact_name: string; contact_type: 'customer' } {
    const values = salesforceValues(input.rules, input.policies, input.account);
    const outbound = Object.fromEntries(
        input.policies
            .filter((p) => mayFlow(p, 'zoho') && values[p.zohoField] !== null)
            .filter((p) => values[p.zohoField] !== undefined)
            .map((p) => [p.zohoField, values[p.zohoField]])
    );
    const body = contactBody(outbound);
    return {
        ...body,
        contact_name:
            typeof body.contact_name === 'string' ? body.contact_name : input.account.Name,
        contact_type: 'customer',
        ...(input.currencyId ? { currency_id: input.currencyId } : {}),
        ...(input.paymentTermsDays === null ? {} : { payment_terms: input.paymentTermsDays })
    };
}
