import type { Discount, LineTax } from './money.ts';
import type { DataCentre } from './regions.ts';

/** Everything the simulator remembers, in memory. One `SandboxState` per `createZohoSandbox()`. */

export type Plan = 'free' | 'standard' | 'professional' | 'premium' | 'elite' | 'ultimate';
/** The country edition decides which tax fields exist (reference §6.7). */
export type Edition = 'us' | 'uk' | 'eu' | 'in' | 'gcc' | 'au' | 'ca' | 'global';
type Extra = Record<string, unknown>;

export type CustomFieldDef = {
    customfield_id: string;
    api_name: string;
    label: string;
    index: number;
    data_type: string;
    entity: 'invoice' | 'contact' | 'item' | 'customer_payment' | 'creditnote';
    is_unique: boolean;
};
export type CustomFieldValue = { customfield_id: string; value: unknown };

export type Address = {
    address_id: string;
    attention?: string;
    address?: string;
    street2?: string;
    city?: string;
    state?: string;
    zip?: string;
    country?: string;
    phone?: string;
};
export type ContactPerson = Extra & {
    contact_person_id: string;
    first_name: string;
    is_primary_contact: boolean;
    email?: string;
};
export type Contact = {
    contact_id: string;
    contact_name: string;
    contact_type: 'customer' | 'vendor';
    status: 'active' | 'inactive';
    currency_id: string;
    payment_terms: number;
    payment_terms_label: string;
    billing_address: Address | null;
    shipping_address: Address | null;
    addresses: Address[];
    contact_persons: ContactPerson[];
    custom_fields: CustomFieldValue[];
    extra: Extra;
    created: number;
    modified: number;
};
export type Item = {
    item_id: string;
    name: string;
    rate: number;
    status: 'active' | 'inactive';
    tax_id: string;
    custom_fields: CustomFieldValue[];
    extra: Extra;
    created: number;
    modified: number;
};
export type Tax = {
    tax_id: string;
    tax_name: string;
    tax_percentage: number;
    tax_type: 'tax' | 'compound_tax';
    extra: Extra;
};
export type TaxGroup = { tax_group_id: string; tax_group_name: string; taxes: string[] };
export type Currency = {
    currency_id: string;
    currency_code: string;
    currency_symbol: string;
    currency_name: string;
    price_precision: number;
    currency_format: string;
    is_base_currency: boolean;
};
export type ExchangeRate = {
    exchange_rate_id: string;
    currency_id: string;
    effective_date: string;
    rate: number;
};

export type Line = {
    line_item_id: string;
    item_id: string;
    name: string;
    description: string;
    rate: number;
    quantity: number;
    unit: string;
    discount?: Discount | undefined;
    tax_id: string;
    taxes: LineTax[];
    item_order: number;
};
export type SalesDocument = {
    id: string;
    number: string;
    customer_id: string;
    date: string;
    due_date: string;
    payment_terms: number;
    payment_terms_label: string;
    reference_number: string;
    currency_id: string;
    exchange_rate: number;
    discount?: Discount | undefined;
    is_discount_before_tax: boolean;
    discount_type: 'entity_level' | 'item_level';
    is_inclusive_tax: boolean;
    shipping_charge: number;
    adjustment: number;
    line_items: Line[];
    custom_fields: CustomFieldValue[];
    extra: Extra;
    created: number;
    modified: number;
};
export type InvoiceStatus = 'draft' | 'sent' | 'partially_paid' | 'paid' | 'void';
export type Invoice = SalesDocument & {
    status: InvoiceStatus;
    /** Money applied from payments and credit notes, keyed by the applying record. */
    applied: {
        source: 'payment' | 'creditnote';
        sourceId: string;
        id: string;
        amount: number;
        date: string;
    }[];
};
export type CreditNote = SalesDocument & { status: 'open' | 'closed' | 'void' };
export type Payment = {
    payment_id: string;
    payment_number: string;
    customer_id: string;
    payment_mode: string;
    amount: number;
    date: string;
    reference_number: string;
    description: string;
    exchange_rate: number;
    invoices: { invoice_id: string; invoice_payment_id: string; amount_applied: number }[];
    custom_fields: CustomFieldValue[];
    created: number;
    modified: number;
};

export type Organization = {
    organization_id: string;
    name: string;
    dc: DataCentre;
    plan: Plan;
    edition: Edition;
    currency_id: string;
    time_zone: string;
    /** Offset of the org's time zone from UTC, used to render timestamps and "today". */
    utcOffsetMinutes: number;
    email: string;
    created: number;
    counters: { invoice: number; payment: number; creditnote: number };
    invoicePrefix: string;
    /**
     * The organization's preferences a document falls back on when its body leaves the choice
     * out (Settings → Preferences → General: "Do you give discounts?", "Do you sell your items
     * at rates inclusive of tax?"). A client that relies on them invoices differently per
     * organization, so tests set them against what the client means.
     */
    preferences: {
        discountType: 'entity_level' | 'item_level';
        discountBeforeTax: boolean;
        pricesIncludeTax: boolean;
    };
};

export type OrgData = {
    org: Organization;
    contacts: Map<string, Contact>;
    items: Map<string, Item>;
    taxes: Map<string, Tax>;
    taxGroups: Map<string, TaxGroup>;
    currencies: Map<string, Currency>;
    exchangeRates: Map<string, ExchangeRate>;
    invoices: Map<string, Invoice>;
    creditNotes: Map<string, CreditNote>;
    payments: Map<string, Payment>;
    customFields: CustomFieldDef[];
};

export type User = { user_id: string; email: string; dc: DataCentre; orgIds: Set<string> };
/** A registered OAuth client: consent redirects only to one of its registered URIs. */
export type Client = {
    client_id: string;
    client_secret: string;
    userId: string;
    redirect_uris: Set<string>;
};

export type SandboxState = {
    orgs: Map<string, OrgData>;
    users: Map<string, User>;
    clients: Map<string, Client>;
    nextId: () => string;
};

/**
 * Ids look like Zoho's: numeric strings of 19 digits, above 2^53 on purpose so a client that
 * turns them into JS numbers corrupts them and fails its tests.
 */
function createIdGenerator(start = 4_600_000_000_000_000_000n): () => string {
    let next = start;
    return () => {
        next += 1_013n;
        return next.toString();
    };
}

export function createState(): SandboxState {
    return { orgs: new Map(), users: new Map(), clients: new Map(), nextId: createIdGenerator() };
}

export function emptyOrgData(org: Organization): OrgData {
    return {
        org,
        contacts: new Map(),
        items: new Map(),
        taxes: new Map(),
        taxGroups: new Map(),
        currencies: new Map(),
        exchangeRates: new Map(),
        invoices: new Map(),
        creditNotes: new Map(),
        payments: new Map(),
        customFields: []
    };
}
