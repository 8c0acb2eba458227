import { createHash } from 'node:crypto';

import { readPath, type MappingRule } from '../mapping/rules.ts';
import { evaluateRules } from '../mapping/rules.ts';
import { canonical, type FieldPolicy } from './merge.ts';

/**
 * What of an Account and its Zoho contact the two-way sync compares, as pure functions: the
 * field policies from the mapping rules, each side's values in Zoho's terms, and the Zoho
 * update body for the values that travel.
 */

export const CONTACT_TARGET = 'zoho_contact';

const ADDRESS_PART = '(attention|address|street2|city|state|zip|country|phone|fax)';
/** Fields a Zoho contact itself stores (reference §6.2); `email` and `phone` live on persons. */
const CONTACT_ROOT = new RegExp(
    `^(contact_name|company_name|website|notes|payment_terms|(billing|shipping)_address\\.${ADDRESS_PART}|custom_fields\\.cf_[a-z0-9_]+)$`
);

/** The tax registration fields of each Zoho edition, by the organization's country code (§6.7). */
const TAX_FIELDS: Record<string, readonly string[]> = {
    IN: ['gst_treatment', 'gst_no', 'place_of_contact'],
    UK: ['vat_treatment', 'vat_reg_no', 'country_code'],
    GB: ['vat_treatment', 'vat_reg_no', 'country_code'],
    GCC: ['tax_treatment', 'tax_reg_no'],
    AE: ['tax_treatment', 'tax_reg_no'],
    SA: ['tax_treatment', 'tax_reg_no'],
    BH: ['tax_treatment', 'tax_reg_no'],
    KW: ['tax_treatment', 'tax_reg_no'],
    OM: ['tax_treatment', 'tax_reg_no'],
    QA: ['tax_treatment', 'tax_reg_no'],
    MX: ['tax_treatment'],
    KE: ['tax_treatment'],
    ZA: ['tax_treatment']
};

/** The tax registration fields the organization's edition has (none for an unknown country). */
export function taxFieldsOf(countryCode: string | undefined): readonly string[] {
    return TAX_FIELDS[(countryCode ?? '').toUpperCase()] ?? [];
}

/** Whether Closebooks keeps this Zoho contact field in step, in an edition with `taxFields`. */
export function syncableField(field: string, taxFields: readonly string[]): boolean {
    return CONTACT_ROOT.test(field) || taxFields.includes(field);
}

const isAccountRule = (r: MappingRule) =>
    r.active &&
    r.sourceObject.toLowerCase() === 'account' &&
    r.targetObject.toLowerCase() === CONTACT_TARGET;

/**
 * One policy per Zoho field an active Account → `zoho_contact` rule targets (the last rule in
 * sort order wins, as in the engine). A rule with a transform may not carry values back to
 * Salesforce: a transformed value cannot be turned back into the Salesforce one.
 */
export function customerPolicies(
    rules: readonly MappingRule[],
    taxFields: readonly string[]
): FieldPolicy[] {
    const byField = new Map<string, FieldPolicy>();
    const ordered = rules
        .filter(isAccountRule)
        .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
    for (const rule of ordered) {
        if (!syncableField(rule.targetField, taxFields)) continue;
        const direction =
            rule.transform && rule.direction === 'Both' ? 'Salesforce_To_Zoho' : rule.direction;
        if (rule.transform && direction === 'Zoho_To_Salesforce') continue;
        byField.set(rule.targetField, {
            zohoField: rule.targetField,
            salesforceField: rule.sourceField,
            owner: rule.fieldOwner ?? 'Salesforce',
            direction
        });
    }
    return [...byField.values()];
}

/** Account fields the rules read (for the SOQL), conditions aside. */
export function accountFieldsFor(policies: readonly FieldPolicy[]): string[] {
    return [...new Set(policies.map((p) => p.salesforceField))];
}

/**
 * The Account's values in Zoho's terms, by Zoho field: the rules applied as the invoice flow
 * applies them (conditions, transforms); a field whose rule does not apply is left out.
 */
export function salesforceValues(
    rules: readonly MappingRule[],
    policies: readonly FieldPolicy[],
    account: Readonly<Record<string, unknown>>
): Record<string, unknown> {
    const wanted = new Set(policies.map((p) => p.zohoField));
    const asBoth = rules.filter(isAccountRule).map((r) => ({ ...r, direction: 'Both' as const }));
    const evaluation = evaluateRules(
        asBoth,
        { sourceObject: 'Account', targetObject: CONTACT_TARGET, toZoho: true },
        account
    );
    const values: Record<string, unknown> = {};
    for (const a of evaluation.assignments)
        if (wanted.has(a.targetField)) values[a.targetField] = canonical(a.value);
    return values;
}

type CustomField = { api_name?: unknown; value?: unknown };

/** The Zoho contact's values by Zoho field (`custom_fields.cf_x` read from its custom fields). */
export function zohoValues(
    policies: readonly FieldPolicy[],
    contact: Readonly<Record<string, unknown>>
): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const custom = Array.isArray(contact.custom_fields)
        ? (contact.custom_fields as CustomField[])
        : [];
    for (const { zohoField } of policies) {
        const cf = /^custom_fields\.(cf_[a-z0-9_]+)$/.exec(zohoField);
        values[zohoField] = canonical(
            cf ? custom.find((f) => f.api_name === cf[1])?.value : readPath(contact, zohoField)
        );
    }
    return values;
}

/**
 * A Zoho contact body holding `values` (Zoho field → value): dotted paths nest, custom fields
 * become `custom_fields` entries, and an emptied value is sent as '' so Zoho clears it.
 */
export function contactBody(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [field, raw] of Object.entries(values)) {
        const value = raw === null || raw === undefined ? '' : raw;
        const cf = /^custom_fields\.(cf_[a-z0-9_]+)$/.exec(field);
        if (cf) {
            const list = (body.custom_fields as { api_name: string; value: unknown }[]) ?? [];
            list.push({ api_name: cf[1]!, value });
            body.custom_fields = list;
            continue;
        }
        const path = field.split('.');
        let node = body;
        for (const key of path.slice(0, -1)) {
            node[key] = (node[key] as Record<string, unknown>) ?? {};
            node = node[key] as Record<string, unknown>;
        }
        node[path[path.length - 1]!] = value;
    }
    return body;
}

/**
 * A stable hash of one side's values of the policies' fields (a missing value counts as none),
 * stored per link for echo suppression: equal to the agreed values' hash, nothing changed.
 */
export function valuesHash(
    policies: readonly FieldPolicy[],
    values: Readonly<Record<string, unknown>>
): string {
    const sorted = [...new Set(policies.map((p) => p.zohoField))]
        .sort()
        .map((k) => [k, canonical(values[k])]);
    return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 32);
}

const ADDRESSES = ['billing_address', 'shipping_address'] as const;

/**
 * The `PUT /contacts/{id}` body carrying `changes` (Zoho field → value): Zoho needs the name
 * and type on every update, and takes an address as a whole, so a changed address part is sent
 * with the rest of that address as Zoho holds it.
 */
export function updateBody(
    contact: Readonly<Record<string, unknown>>,
    changes: Readonly<Record<string, unknown>>
): Record<string, unknown> & { contact_name: string; contact_type: 'customer' | 'vendor' } {
    const body = contactBody(changes);
    for (const group of ADDRESSES) {
        if (!body[group]) continue;
        const current = Object.entries((contact[group] ?? {}) as Record<string, unknown>).filter(
            ([key]) => key !== 'address_id'
        );
        body[group] = {
            ...Object.fromEntries(current),
            ...(body[group] as Record<string, unknown>)
        };
    }
    const name = changes.contact_name ?? contact.contact_name;
    return {
        ...body,
        contact_name: typeof name === 'string' ? name : '',
        contact_type: contact.contact_type === 'vendor' ? 'vendor' : 'customer'
    };
}
