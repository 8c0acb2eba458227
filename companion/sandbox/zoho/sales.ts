import { z } from 'zod';

import { applyCustomFields, customFieldInputSchema } from './custom-fields.ts';
import { editionFields } from './edition.ts';
import { zohoErrors } from './errors.ts';
import { computeTotals, parseDiscount, type Discount, type LineTax, type Totals } from './money.ts';
import { dateString, idString, num, omit } from './routes/common.ts';
import type { Currency, Line, OrgData, SalesDocument } from './state.ts';
import { addDays, isDate, orgToday } from './time.ts';

/**
 * The parts invoices and credit notes share: the request schema, turning a body into a stored
 * document (items, ad-hoc lines, taxes and tax groups, currency and exchange rate, payment
 * terms, custom fields) and its totals.
 */

const discountInput = z.union([z.number(), z.string()]);

const lineInputSchema = z.looseObject({
    line_item_id: idString.optional(),
    item_id: z.union([idString, z.literal('')]).optional(),
    name: z.string().max(100).optional(),
    description: z.string().max(2000).optional(),
    rate: num.optional(),
    quantity: num.refine((q) => q > 0).optional(),
    unit: z.string().optional(),
    discount: discountInput.optional(),
    tax_id: z.union([idString, z.literal('')]).optional(),
    item_order: z.number().optional()
});

export const documentInputSchema = z.looseObject({
    customer_id: idString.optional(),
    reference_number: z.string().max(100).optional(),
    date: dateString.optional(),
    due_date: dateString.optional(),
    payment_terms: z.number().int().min(0).max(100).optional(),
    payment_terms_label: z.string().max(100).optional(),
    currency_id: idString.optional(),
    exchange_rate: num.refine((r) => r > 0).optional(),
    discount: discountInput.optional(),
    is_discount_before_tax: z.boolean().optional(),
    discount_type: z.enum(['entity_level', 'item_level']).optional(),
    is_inclusive_tax: z.boolean().optional(),
    shipping_charge: num.optional(),
    adjustment: num.optional(),
    notes: z.string().optional(),
    terms: z.string().optional(),
    line_items: z.array(lineInputSchema).min(1).optional(),
    custom_fields: z.array(customFieldInputSchema).optional()
});
type DocumentInput = z.infer<typeof documentInputSchema>;

function discountOf(raw: unknown, field: string): Discount | undefined {
    const d = parseDiscount(raw);
    if (d === 'invalid') throw zohoErrors.invalidValue(field);
    return d;
}

export function lineTaxes(data: OrgData, taxId: string): LineTax[] {
    if (taxId === '') return [];
    const tax = data.taxes.get(taxId);
    if (tax) return [{ taxId: tax.tax_id, taxName: tax.tax_name, percentage: tax.tax_percentage }];
    const group = data.taxGroups.get(taxId);
    if (!group) throw zohoErrors.invalidValue('tax_id');
    return group.taxes.flatMap((id) => lineTaxes(data, id));
}

function buildLines(
    data: OrgData,
    inputs: z.infer<typeof lineInputSchema>[],
    previous: Line[],
    nextId: () => string
): Line[] {
    return inputs.map((input, index) => {
        const kept = previous.find((l) => l.line_item_id === input.line_item_id);
        if (input.line_item_id !== undefined && !kept)
            throw zohoErrors.invalidValue('line_item_id');
        const itemId = input.item_id ?? kept?.item_id ?? '';
        const item = itemId === '' ? undefined : data.items.get(itemId);
        if (itemId !== '' && !item) throw zohoErrors.invalidValue('item_id');
        const name = input.name ?? kept?.name ?? item?.name ?? '';
        const description = input.description ?? kept?.description ?? '';
        if (!item && name === '' && description === '') throw zohoErrors.invalidValue('name');
        const taxId = input.tax_id ?? kept?.tax_id ?? item?.tax_id ?? '';
        return {
            line_item_id: kept?.line_item_id ?? nextId(),
            item_id: itemId,
            name,
            description,
            rate: input.rate ?? kept?.rate ?? item?.rate ?? 0,
            quantity: input.quantity ?? kept?.quantity ?? 1,
            unit: input.unit ?? kept?.unit ?? String(item?.extra.unit ?? ''),
            discount:
                input.discount !== undefined
                    ? discountOf(input.discount, 'discount')
                    : kept?.discount,
            tax_id: taxId,
            taxes: lineTaxes(data, taxId),
            item_order: input.item_order ?? index + 1
        };
    });
}

export function currencyOf(data: OrgData, currencyId: string): Currency {
    const currency = data.currencies.get(currencyId);
    if (!currency) throw zohoErrors.invalidValue('currency_id');
    return currency;
}

function latestRate(data: OrgData, currencyId: string, date: string): number | undefined {
    return [...data.exchangeRates.values()]
        .filter((r) => r.currency_id === currencyId && r.effective_date <= date)
        .sort((a, b) => a.effective_date.localeCompare(b.effective_date))
        .at(-1)?.rate;
}

/** Builds (create) or rebuilds (update, `previous` given) a document from a validated body. */
export function buildDocument(
    data: OrgData,
    input: DocumentInput,
    ctx: {
        id: string;
        number: string;
        now: number;
        nextId: () => string;
        entity: 'invoice' | 'creditnote';
    },
    previous?: SalesDocument
): SalesDocument {
    const customerId = input.customer_id ?? previous?.customer_id;
    const customer = data.contacts.get(customerId ?? '');
    if (!customer || customer.contact_type !== 'customer')
        throw zohoErrors.invalidValue('customer_id');
    const lines = input.line_items ?? (previous ? undefined : []);
    if (lines !== undefined && lines.length === 0) throw zohoErrors.invalidValue('line_items');
    const date = input.date ?? previous?.date ?? orgToday(ctx.now, data.org.utcOffsetMinutes);
    if (!isDate(date)) throw zohoErrors.invalidValue('date');
    // A contact's currency drives its documents' currency (reference §6.8).
    const currencyId = previous?.currency_id ?? customer.currency_id;
    if (input.currency_id !== undefined && input.currency_id !== currencyId)
        throw zohoErrors.invalidValue('currency_id');
    const currency = currencyOf(data, currencyId);
    const exchangeRate = currency.is_base_currency
        ? 1
        : (input.exchange_rate ??
          previous?.exchange_rate ??
          latestRate(data, currencyId, date) ??
          1);
    const terms = input.payment_terms ?? previous?.payment_terms ?? customer.payment_terms;
    const termsLabel =
        input.payment_terms_label ??
        (input.payment_terms === undefined ? previous?.payment_terms_label : undefined) ??
        (terms === 0 ? 'Due on Receipt' : `Net ${terms}`);
    const dueDate =
        input.due_date ??
        (input.date || input.payment_terms !== undefined ? undefined : previous?.due_date) ??
        addDays(date, terms);
    if (dueDate < date) throw zohoErrors.invalidValue('due_date');
    const rest = omit(input, ['customer_id', 'line_items', 'custom_fields']);
    const preferences = data.org.preferences;
    const discountType = input.discount_type ?? previous?.discount_type ?? preferences.discountType;
    const itemLevel = discountType === 'item_level';
    return {
        id: ctx.id,
        number: ctx.number,
        customer_id: customer.contact_id,
        date,
        due_date: dueDate,
        payment_terms: terms,
        payment_terms_label: termsLabel,
        reference_number: input.reference_number ?? previous?.reference_number ?? '',
        currency_id: currencyId,
        exchange_rate: exchangeRate,
        // The discount of the other level is dropped, not refused (see money.ts).
        discount: itemLevel
            ? undefined
            : input.discount !== undefined
              ? discountOf(input.discount, 'discount')
              : previous?.discount,
        is_discount_before_tax:
            input.is_discount_before_tax ??
            previous?.is_discount_before_tax ??
            preferences.discountBeforeTax,
        discount_type: discountType,
        is_inclusive_tax:
            input.is_inclusive_tax ?? previous?.is_inclusive_tax ?? preferences.pricesIncludeTax,
        shipping_charge: input.shipping_charge ?? previous?.shipping_charge ?? 0,
        adjustment: input.adjustment ?? previous?.adjustment ?? 0,
        line_items: (lines
            ? buildLines(data, lines, previous?.line_items ?? [], ctx.nextId)
            : (previous?.line_items ?? [])
        ).map((line) => (itemLevel ? line : { ...line, discount: undefined })),
        custom_fields: applyCustomFields(
            data,
            ctx.entity,
            previous?.custom_fields ?? [],
            input.custom_fields
        ),
        extra: {
            ...previous?.extra,
            ...pickExtra(rest),
            ...editionFields(data.org.edition, input, EDITION_DOCUMENT_FIELDS)
        },
        created: previous?.created ?? ctx.now,
        modified: ctx.now
    };
}

const EDITION_DOCUMENT_FIELDS = [
    'gst_treatment',
    'gst_no',
    'place_of_supply',
    'vat_treatment',
    'tax_treatment',
    'tax_reg_no',
    'tax_authority_id',
    'tax_exemption_id'
];

const EXTRA_FIELDS = [
    'notes',
    'terms',
    'salesperson_name',
    'adjustment_description',
    'allow_partial_payments',
    'template_id',
    'location_id'
];

function pickExtra(rest: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(rest).filter(([k]) => EXTRA_FIELDS.includes(k)));
}

export function totalsOf(data: OrgData, doc: SalesDocument): Totals {
    const precision = currencyOf(data, doc.currency_id).price_precision;
    return computeTotals({
        lines: doc.line_items.map((l) => ({
            rate: l.rate,
            quantity: l.quantity,
            discount: l.discount,
            taxes: l.taxes
        })),
        discountType: doc.discount_type,
        discount: doc.discount,
        isDiscountBeforeTax: doc.is_discount_before_tax,
        isInclusiveTax: doc.is_inclusive_tax,
        shippingCharge: doc.shipping_charge,
        adjustment: doc.adjustment,
        precision
    });
}
