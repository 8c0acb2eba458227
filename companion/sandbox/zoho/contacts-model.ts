import { z } from 'zod';

import { applyCustomFields, customFieldInputSchema, renderCustomFields } from './custom-fields.ts';
import { editionFields } from './edition.ts';
import { zohoErrors } from './errors.ts';
import { roundTo } from './money.ts';
import { idString, omit } from './routes/common.ts';
import { creditNoteAmounts, invoiceAmounts } from './sales-render.ts';
import type { Address, Contact, ContactPerson, OrgData } from './state.ts';
import { formatZohoTime } from './time.ts';

/** Contacts, contact persons and addresses (reference §6.2, §6.3): schemas, building, rendering. */

export const addressSchema = z.looseObject({
    attention: z.string().optional(),
    address: z.string().max(500).optional(),
    street2: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    state_code: z.string().optional(),
    zip: z.string().optional(),
    country: z.string().optional(),
    phone: z.string().optional(),
    fax: z.string().optional()
});

export const personSchema = z.looseObject({
    contact_person_id: idString.optional(),
    salutation: z.string().optional(),
    first_name: z.string().max(100).optional(),
    last_name: z.string().max(100).optional(),
    email: z.email().optional(),
    phone: z.string().optional(),
    mobile: z.string().optional(),
    designation: z.string().optional(),
    department: z.string().optional(),
    is_primary_contact: z.boolean().optional()
});

export const contactSchema = z.looseObject({
    contact_name: z.string().min(1).max(200),
    company_name: z.string().max(200).optional(),
    contact_type: z.enum(['customer', 'vendor']).optional(),
    customer_sub_type: z.enum(['business', 'individual']).optional(),
    currency_id: idString.optional(),
    payment_terms: z.number().int().min(0).max(100).optional(),
    payment_terms_label: z.string().optional(),
    website: z.string().optional(),
    notes: z.string().optional(),
    email: z.email().optional(),
    billing_address: addressSchema.optional(),
    shipping_address: addressSchema.optional(),
    contact_persons: z.array(personSchema).optional(),
    custom_fields: z.array(customFieldInputSchema).optional()
});
export type ContactInput = z.infer<typeof contactSchema>;

const EDITION_CONTACT_FIELDS = [
    'gst_treatment',
    'gst_no',
    'place_of_contact',
    'vat_treatment',
    'vat_reg_no',
    'tax_treatment',
    'tax_reg_no',
    'place_of_supply',
    'tax_authority_id',
    'tax_exemption_id',
    'country_code'
];
const EXTRA = [
    'company_name',
    'customer_sub_type',
    'website',
    'notes',
    'language_code',
    'credit_limit'
];

function pickPerson(input: z.infer<typeof personSchema>): Record<string, unknown> {
    const rest = omit(input, ['contact_person_id', 'is_primary_contact']);
    return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

export function buildPersons(
    inputs: z.infer<typeof personSchema>[],
    previous: ContactPerson[],
    nextId: () => string
): ContactPerson[] {
    const persons = inputs.map((input) => {
        const kept = previous.find((p) => p.contact_person_id === input.contact_person_id);
        if (input.contact_person_id !== undefined && !kept)
            throw zohoErrors.invalidValue('contact_person_id');
        const first = input.first_name ?? kept?.first_name;
        if (!first) throw zohoErrors.invalidValue('first_name');
        return {
            ...kept,
            ...pickPerson(input),
            contact_person_id: kept?.contact_person_id ?? nextId(),
            first_name: first,
            is_primary_contact: input.is_primary_contact ?? false
        };
    });
    if (persons.length > 0 && !persons.some((p) => p.is_primary_contact))
        (persons[0] as ContactPerson).is_primary_contact = true;
    return persons;
}

function address(
    input: z.infer<typeof addressSchema> | undefined,
    previous: Address | null,
    nextId: () => string
): Address | null {
    if (!input) return previous;
    return { ...input, address_id: previous?.address_id ?? nextId() };
}

export function buildContact(
    data: OrgData,
    input: ContactInput,
    ctx: { now: number; nextId: () => string },
    previous?: Contact
): Contact {
    const currencyId = input.currency_id ?? previous?.currency_id ?? data.org.currency_id;
    if (!data.currencies.has(currencyId)) throw zohoErrors.invalidValue('currency_id');
    const terms = input.payment_terms ?? previous?.payment_terms ?? 0;
    let persons = input.contact_persons
        ? buildPersons(input.contact_persons, previous?.contact_persons ?? [], ctx.nextId)
        : (previous?.contact_persons ?? []);
    if (input.email && persons.length === 0)
        persons = buildPersons(
            [{ first_name: input.contact_name, email: input.email, is_primary_contact: true }],
            [],
            ctx.nextId
        );
    const extra = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => EXTRA.includes(k) && v !== undefined)
    );
    return {
        contact_id: previous?.contact_id ?? ctx.nextId(),
        contact_name: input.contact_name,
        contact_type: input.contact_type ?? previous?.contact_type ?? 'customer',
        status: previous?.status ?? 'active',
        currency_id: currencyId,
        payment_terms: terms,
        payment_terms_label:
            input.payment_terms_label ??
            (input.payment_terms === undefined ? previous?.payment_terms_label : undefined) ??
            (terms === 0 ? 'Due on Receipt' : `Net ${terms}`),
        billing_address: address(
            input.billing_address,
            previous?.billing_address ?? null,
            ctx.nextId
        ),
        shipping_address: address(
            input.shipping_address,
            previous?.shipping_address ?? null,
            ctx.nextId
        ),
        addresses: previous?.addresses ?? [],
        contact_persons: persons,
        custom_fields: applyCustomFields(
            data,
            'contact',
            previous?.custom_fields ?? [],
            input.custom_fields
        ),
        extra: {
            ...previous?.extra,
            ...extra,
            ...editionFields(data.org.edition, input, EDITION_CONTACT_FIELDS)
        },
        created: previous?.created ?? ctx.now,
        modified: ctx.now
    };
}

export function outstanding(data: OrgData, contactId: string): number {
    const contact = data.contacts.get(contactId);
    const precision = data.currencies.get(contact?.currency_id ?? '')?.price_precision ?? 2;
    const open = [...data.invoices.values()].filter(
        (i) => i.customer_id === contactId && i.status !== 'draft' && i.status !== 'void'
    );
    return roundTo(
        open.reduce((s, i) => s + invoiceAmounts(data, i).balance, 0),
        precision
    );
}

/** Unapplied money of a customer: payment excess plus open credit-note balances. */
function unusedCredits(data: OrgData, contactId: string): number {
    const contact = data.contacts.get(contactId);
    const precision = data.currencies.get(contact?.currency_id ?? '')?.price_precision ?? 2;
    const payments = [...data.payments.values()]
        .filter((p) => p.customer_id === contactId)
        .reduce((s, p) => s + p.amount - p.invoices.reduce((a, i) => a + i.amount_applied, 0), 0);
    const notes = [...data.creditNotes.values()]
        .filter((n) => n.customer_id === contactId)
        .reduce((s, n) => s + creditNoteAmounts(data, n).balance, 0);
    return roundTo(payments + notes, precision);
}

export function renderPerson(p: ContactPerson) {
    return { salutation: '', last_name: '', email: '', phone: '', mobile: '', ...p };
}

export function renderContact(data: OrgData, contact: Contact) {
    const currency = data.currencies.get(contact.currency_id);
    const primary = contact.contact_persons.find((p) => p.is_primary_contact);
    const off = data.org.utcOffsetMinutes;
    return {
        contact_id: contact.contact_id,
        contact_name: contact.contact_name,
        company_name: '',
        ...contact.extra,
        contact_type: contact.contact_type,
        status: contact.status,
        currency_id: contact.currency_id,
        currency_code: currency?.currency_code ?? '',
        currency_symbol: currency?.currency_symbol ?? '',
        payment_terms: contact.payment_terms,
        payment_terms_label: contact.payment_terms_label,
        primary_contact_id: primary?.contact_person_id ?? '',
        first_name: primary?.first_name ?? '',
        last_name: String(primary?.last_name ?? ''),
        email: primary?.email ?? '',
        phone: String(primary?.phone ?? ''),
        mobile: String(primary?.mobile ?? ''),
        outstanding_receivable_amount: outstanding(data, contact.contact_id),
        unused_credits_receivable_amount: unusedCredits(data, contact.contact_id),
        has_transaction: [...data.invoices.values()].some(
            (i) => i.customer_id === contact.contact_id
        ),
        billing_address: contact.billing_address ?? {},
        shipping_address: contact.shipping_address ?? {},
        addresses: contact.addresses,
        contact_persons: contact.contact_persons.map(renderPerson),
        ...renderCustomFields(data, contact.custom_fields),
        created_time: formatZohoTime(contact.created, off),
        last_modified_time: formatZohoTime(contact.modified, off)
    };
}
