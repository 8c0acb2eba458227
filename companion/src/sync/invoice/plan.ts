import type { ContactInput } from '../../zoho/resources/contacts.ts';
import type { InvoiceInput, LineItemInput } from '../../zoho/resources/invoices.ts';
import type { ItemInput } from '../../zoho/resources/settings.ts';
import { evaluateRules, type Assignment, type MappingRule } from '../mapping/rules.ts';
import { planDiscounts } from './discounts.ts';
import type { OpportunitySnapshot } from './snapshot.ts';
import {
    difference,
    expectedTotals,
    round,
    type ExpectedTotals,
    type PricedLine
} from './totals.ts';

/** What the plan needs to know about the Zoho organization (read once, cached). */
export type ZohoFacts = {
    baseCurrency: { id: string; code: string; precision: number };
    /** Enabled currencies by upper-case code. */
    currencies: ReadonlyMap<string, { id: string; code: string; precision: number }>;
    taxes: readonly { id: string; name: string; percentage: number }[];
    /** The unique custom field invoices are upserted by, or null when the org has none. */
    invoiceKey: string | null;
    /** The unique custom field customers are upserted by, or null. */
    contactKey: string | null;
};

/** The package's `Closebooks_Setting__mdt` values that shape an invoice. */
export type InvoiceSettings = {
    enabled: boolean;
    trigger: 'Closed_Won' | 'Quote_Accepted';
    createMissingItems: boolean;
    exchangeRateSource: 'Zoho' | 'Salesforce';
    paymentTermsDays: number | null;
    /** Salesforce prices include tax: Zoho extracts the tax instead of adding it. */
    pricesIncludeTax: boolean;
};

export type PlanInput = {
    snapshot: OpportunitySnapshot;
    rules: readonly MappingRule[];
    facts: ZohoFacts;
    settings: InvoiceSettings;
    /** The linked Zoho customer of the deal's account, if any. */
    customerId: string | null;
    /** Zoho item per Product2 id: linked or found by SKU, or null when there is none. */
    itemIds: ReadonlyMap<string, string | null>;
    /** Salesforce's dated conversion rate of the deal currency at the close date, if read. */
    salesforceRate: { corporateCurrency: string; rate: number } | null;
};

export type PlannedLine = {
    productId: string;
    productName: string;
    itemId: string | null;
    body: LineItemInput;
};

export type ReadyPlan = {
    kind: 'ready';
    opportunityId: string;
    accountId: string;
    accountName: string;
    currencyCode: string;
    /** The customer to use, or the one to create from the Account. */
    customer: { id: string } | { create: ContactInput };
    /** Items to create first (products with no Zoho item, when the settings allow it). */
    itemsToCreate: { productId: string; body: ItemInput }[];
    /** The invoice without customer and item ids, which `apply` fills in. */
    invoice: Omit<InvoiceInput, 'line_items'>;
    lines: PlannedLine[];
    expected: ExpectedTotals;
    /** Decimals of the invoice currency (Zoho's `price_precision`). */
    precision: number;
    warnings: string[];
};

export type HeldPlan = { kind: 'held'; opportunityId: string; reasons: string[] };
export type InvoicePlan = ReadyPlan | HeldPlan;

/** Target objects the invoice flow writes, as the mapping rules name them. */
export const TARGETS = {
    invoice: 'zoho_invoice',
    line: 'zoho_line_item',
    contact: 'zoho_contact'
} as const;

const INVOICE_FIELDS = new Set([
    'reference_number',
    'notes',
    'terms',
    'date',
    'due_date',
    'discount',
    'salesperson_name',
    'payment_terms',
    'payment_terms_label'
]);
const LINE_FIELDS = new Set(['description', 'tax_name', 'name', 'unit']);
const CONTACT_FIELDS =
    /^(contact_name|company_name|phone|website|email|notes|(billing|shipping)_address\.(attention|address|street2|city|state|zip|country|phone))$/;

type Collected = { body: Record<string, unknown>; reasons: string[] };

/**
 * Turns rule assignments into a Zoho request body. `custom_fields.<api_name>` (or
 * `item_custom_fields.<api_name>` on lines) become custom field entries; dotted paths nest.
 * A target Closebooks does not know is a reason to hold, not something to send and hope.
 */
function collect(
    evaluation: { assignments: Assignment[]; problems: { rule: string; message: string }[] },
    allowed: (field: string) => boolean,
    customKey: 'custom_fields' | 'item_custom_fields',
    what: string
): Collected {
    const reasons = evaluation.problems.map(
        (p) => `Mapping rule ${p.rule} (${what}): ${p.message}`
    );
    const body: Record<string, unknown> = {};
    for (const a of evaluation.assignments) {
        const custom = new RegExp(`^${customKey}\\.(cf_[a-z0-9_]+)$`).exec(a.targetField);
        // A target Closebooks does not write is wrong whatever the value, even an empty one.
        if (!custom && !allowed(a.targetField)) {
            reasons.push(
                `Mapping rule ${a.rule} writes ${what}.${a.targetField}, which Closebooks does not write; change the rule's target field`
            );
            continue;
        }
        if (a.value === null || a.value === undefined || a.value === '') continue;
        if (custom) {
            const list = (body[customKey] as { api_name: string; value: unknown }[]) ?? [];
            list.push({ api_name: custom[1]!, value: a.value });
            body[customKey] = list;
            continue;
        }
        const path = a.targetField.split('.');
        let node = body;
        for (const key of path.slice(0, -1)) {
            node[key] = (node[key] as Record<string, unknown>) ?? {};
            node = node[key] as Record<string, unknown>;
        }
        node[path.at(-1)!] = a.value;
    }
    return { body, reasons };
}

/**
 * Line rules: those written for opportunity products apply to quote lines too (the same
 * `Product2.` paths), and rules written for `QuoteLineItem` override them on quote lines.
 */
function lineEvaluation(
    rules: readonly MappingRule[],
    source: 'OpportunityLineItem' | 'QuoteLineItem',
    record: Record<string, unknown>
) {
    const scope = (sourceObject: string) => ({
        sourceObject,
        targetObject: TARGETS.line,
        toZoho: true
    });
    const base = evaluateRules(rules, scope('OpportunityLineItem'), record);
    if (source === 'OpportunityLineItem') return base;
    const quote = evaluateRules(rules, scope('QuoteLineItem'), record);
    const overridden = new Set(quote.assignments.map((a) => a.targetField.toLowerCase()));
    return {
        assignments: [
            ...base.assignments.filter((a) => !overridden.has(a.targetField.toLowerCase())),
            ...quote.assignments
        ],
        problems: [...base.problems, ...quote.problems]
    };
}

function percentOf(value: unknown): number | undefined {
    const n = typeof value === 'string' ? Number(value.trim().replace(/%$/, '')) : value;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

/**
 * Plans one invoice from a won deal, without side effects: what to create in Zoho and how,
 * and what the totals must come to. Anything that cannot be resolved for certain (an unknown
 * tax, a currency Zoho does not have, an item that may not be created, a rule that fails)
 * holds the deal with every reason at once, so one fix-and-resync is enough.
 */
export function planInvoice(input: PlanInput): InvoicePlan {
    const { snapshot, rules, facts, settings } = input;
    const row = snapshot.row;
    const reasons: string[] = [];
    const warnings: string[] = [];
    const held = (): HeldPlan => ({ kind: 'held', opportunityId: row.Id, reasons });

    if (!settings.enabled) reasons.push('The invoice flow is switched off in Closebooks settings');
    if (!row.AccountId || !row.Account) reasons.push('The opportunity has no account');
    if (snapshot.lines.length === 0) reasons.push('The opportunity has no products');
    if (reasons.length > 0) return held();
    const account = row.Account!;

    // Currency (F6): the deal's currency must be enabled in Zoho; never converted silently.
    const currencyCode = (row.CurrencyIsoCode ?? facts.baseCurrency.code).toUpperCase();
    const currency = facts.currencies.get(currencyCode);
    if (!currency)
        reasons.push(
            `The currency ${currencyCode} is not enabled in Zoho Books; add it under Settings → Currencies, then resync`
        );
    const precision = currency?.precision ?? 2;
    let exchangeRate: number | undefined;
    if (currency && currency.code !== facts.baseCurrency.code) {
        if (settings.exchangeRateSource === 'Salesforce') {
            const sf = input.salesforceRate;
            if (!sf)
                reasons.push(
                    `No Salesforce dated exchange rate for ${currencyCode} on ${row.CloseDate}; add one, or take rates from Zoho`
                );
            else if (sf.corporateCurrency.toUpperCase() !== facts.baseCurrency.code)
                reasons.push(
                    `Salesforce rates are against ${sf.corporateCurrency}, Zoho's base currency is ${facts.baseCurrency.code}; take rates from Zoho instead`
                );
            else exchangeRate = round(1 / sf.rate, 6);
        }
    }

    // Invoice-level fields from the rules (date, reference, notes, document discount…).
    const invoiceRules = collect(
        evaluateRules(
            rules,
            { sourceObject: 'Opportunity', targetObject: TARGETS.invoice, toZoho: true },
            row
        ),
        (f) => INVOICE_FIELDS.has(f),
        'custom_fields',
        TARGETS.invoice
    );
    reasons.push(...invoiceRules.reasons);
    const invoiceBody = invoiceRules.body;
    let documentDiscount = 0;
    if (invoiceBody.discount !== undefined) {
        const pct = percentOf(invoiceBody.discount);
        if (pct === undefined)
            reasons.push(
                `The invoice discount ${String(invoiceBody.discount)} is not a percentage between 0 and 100`
            );
        else documentDiscount = pct;
        delete invoiceBody.discount;
    }
    if (!facts.invoiceKey) {
        // Without a unique key the retry-safe lookup is by reference number: it must be the id.
        if (invoiceBody.reference_number !== undefined && invoiceBody.reference_number !== row.Id)
            warnings.push(
                'reference_number carries the opportunity id (no unique invoice field in Zoho)'
            );
        invoiceBody.reference_number = row.Id;
    }

    // Lines: item, quantity, rate, line discount, and the tax the rules choose.
    const taxByName = new Map(facts.taxes.map((t) => [t.name.trim().toLowerCase(), t]));
    const itemsToCreate: ReadyPlan['itemsToCreate'] = [];
    const lines: PlannedLine[] = [];
    const totalsLines: PricedLine[] = [];
    const linePercents: number[] = [];
    for (const line of snapshot.lines) {
        const product = line.Product2;
        const productId = line.Product2Id;
        const label = product
            ? `${product.Name}${product.ProductCode ? ` (${product.ProductCode})` : ''}`
            : line.Id;
        if (!productId || !product) {
            reasons.push(`Line ${line.Id} has no product`);
            continue;
        }
        const itemId = input.itemIds.get(productId) ?? null;
        if (!itemId && !itemsToCreate.some((i) => i.productId === productId)) {
            if (!settings.createMissingItems)
                reasons.push(
                    `The product ${label} has no Zoho item, and creating items is switched off; create the item in Zoho (SKU ${product.ProductCode ?? 'none'}) or allow it, then resync`
                );
            else
                itemsToCreate.push({
                    productId,
                    body: {
                        name: product.Name,
                        rate: line.UnitPrice,
                        ...(product.ProductCode ? { sku: product.ProductCode } : {}),
                        ...(product.Description ? { description: product.Description } : {})
                    }
                });
        }
        const lineRules = collect(
            lineEvaluation(rules, snapshot.lineSource, { ...line, Opportunity: row }),
            (f) => LINE_FIELDS.has(f),
            'item_custom_fields',
            `${TARGETS.line} of ${label}`
        );
        reasons.push(...lineRules.reasons);
        const { tax_name: taxName, ...lineFields } = lineRules.body;
        let taxPercent = 0;
        let taxId: string | undefined;
        if (typeof taxName === 'string') {
            const tax = taxByName.get(taxName.trim().toLowerCase());
            if (!tax)
                reasons.push(
                    `Zoho Books has no tax named "${taxName}" (for ${label}, tax category ${product.Tax_Category__c ?? 'none'}); fix the tax mapping or add the tax in Zoho, then resync`
                );
            else {
                taxPercent = tax.percentage;
                taxId = tax.id;
            }
        }
        linePercents.push(line.Discount ?? 0);
        lines.push({
            productId,
            productName: product.Name,
            itemId,
            body: {
                ...lineFields,
                quantity: line.Quantity,
                rate: line.UnitPrice,
                ...(taxId ? { tax_id: taxId } : {}),
                ...(line.Description && !lineFields.description
                    ? { description: line.Description }
                    : {})
            }
        });
        totalsLines.push({ rate: line.UnitPrice, quantity: line.Quantity, taxPercent });
    }

    // Customer: the linked one, or a new one from the Account under the customer rules.
    let customer: ReadyPlan['customer'];
    if (input.customerId) customer = { id: input.customerId };
    else {
        const contact = collect(
            evaluateRules(
                rules,
                { sourceObject: 'Account', targetObject: TARGETS.contact, toZoho: true },
                account
            ),
            (f) => CONTACT_FIELDS.test(f),
            'custom_fields',
            TARGETS.contact
        );
        reasons.push(...contact.reasons);
        customer = {
            create: {
                contact_name: account.Name,
                ...contact.body,
                contact_type: 'customer',
                ...(currency ? { currency_id: currency.id } : {})
            } as ContactInput
        };
    }
    const discountPlan = planDiscounts(totalsLines, linePercents, documentDiscount, precision);
    if (!discountPlan.ok) reasons.push(discountPlan.reason);
    if (reasons.length > 0 || !discountPlan.ok) return held();

    const { discounts, lineSubTotal } = discountPlan;
    if (discounts.level === 'item_level')
        discounts.perLine.forEach((d, i) => {
            if (d) lines[i]!.body.discount = 'percent' in d ? `${d.percent}%` : d.amount;
        });
    const expected = expectedTotals({
        lines: totalsLines,
        discounts,
        pricesIncludeTax: settings.pricesIncludeTax,
        precision
    });
    if (
        row.Amount !== null &&
        row.Amount !== undefined &&
        difference(row.Amount, lineSubTotal, precision) !== 0
    )
        warnings.push(
            `The opportunity amount ${row.Amount} differs from the sum of the invoice lines ${lineSubTotal}`
        );
    return {
        kind: 'ready',
        opportunityId: row.Id,
        accountId: row.AccountId!,
        accountName: account.Name,
        currencyCode,
        customer,
        itemsToCreate,
        invoice: {
            ...invoiceBody,
            currency_id: currency!.id,
            ...(exchangeRate !== undefined ? { exchange_rate: exchangeRate } : {}),
            // Sent always: an invoice must not depend on the organization's preferences.
            discount_type: discounts.level,
            ...(discounts.level === 'entity_level'
                ? { discount: `${discounts.percent}%`, is_discount_before_tax: true }
                : {}),
            is_inclusive_tax: settings.pricesIncludeTax,
            ...(settings.paymentTermsDays !== null
                ? { payment_terms: settings.paymentTermsDays }
                : {})
        },
        lines,
        expected,
        precision,
        warnings
    };
}
