import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import type { SandboxDeps } from './deps.ts';
import { accountsUrl, apiDomain, DC_CODES, type DataCentre } from './regions.ts';
import { newCurrency } from './routes/currencies.ts';
import {
    emptyOrgData,
    type CustomFieldDef,
    type Edition,
    type Organization,
    type User
} from './state.ts';
import { grantableScopes } from './tokens.ts';

/**
 * Creates organizations and the OAuth parties around them (user, client, tokens) for
 * `POST /_sandbox/orgs` and `sandbox.createOrg()`. The returned credentials work against the
 * imitated API straight away.
 */

const DC_DEFAULTS: Record<DataCentre, { edition: Edition; currency: string }> = {
    us: { edition: 'us', currency: 'USD' },
    eu: { edition: 'eu', currency: 'EUR' },
    in: { edition: 'in', currency: 'INR' },
    au: { edition: 'au', currency: 'AUD' },
    jp: { edition: 'global', currency: 'JPY' },
    ca: { edition: 'ca', currency: 'CAD' },
    cn: { edition: 'global', currency: 'CNY' },
    sa: { edition: 'gcc', currency: 'SAR' }
};

export const orgInputSchema = z.strictObject({
    name: z.string().min(1).max(100).default('Sandbox Organization'),
    dc: z.enum(DC_CODES as [DataCentre, ...DataCentre[]]).default('us'),
    plan: z
        .enum(['free', 'standard', 'professional', 'premium', 'elite', 'ultimate'])
        .default('standard'),
    edition: z.enum(['us', 'uk', 'eu', 'in', 'gcc', 'au', 'ca', 'global']).optional(),
    currency_code: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
    time_zone: z.string().default('Etc/UTC'),
    utc_offset_minutes: z.number().int().min(-720).max(840).default(0),
    /** Joins an existing user (same person, several orgs) instead of creating one. */
    user_email: z.email().optional(),
    /** Reuses an existing OAuth client. */
    client_id: z.string().optional(),
    /** Redirect URIs to register on the client (reference §2.2: consent goes only to these). */
    redirect_uris: z.array(z.url()).default([]),
    scopes: z.string().default('ZohoBooks.fullaccess.all'),
    invoice_prefix: z.string().max(20).default('INV-'),
    /** Preferences a document without `discount_type` / `is_inclusive_tax` falls back on. */
    discount_type: z.enum(['entity_level', 'item_level']).default('entity_level'),
    is_discount_before_tax: z.boolean().default(true),
    is_inclusive_tax: z.boolean().default(false)
});
export type OrgInput = z.input<typeof orgInputSchema>;

export type OrgCredentials = {
    organization_id: string;
    api_domain: string;
    accounts_url: string;
    client_id: string;
    client_secret: string;
    refresh_token: string;
    access_token: string;
    user_email: string;
    location: DataCentre;
};

export function createOrganization(
    deps: SandboxDeps,
    rawInput: OrgInput,
    origin: string
): OrgCredentials {
    const input = orgInputSchema.parse(rawInput);
    const { state } = deps;
    const defaults = DC_DEFAULTS[input.dc];
    let user: User | undefined = [...state.users.values()].find(
        (u) => u.email === input.user_email
    );
    if (user && user.dc !== input.dc)
        throw new RangeError(`user ${user.email} lives in the ${user.dc} data centre`);
    if (!user) {
        user = {
            user_id: state.nextId(),
            email: input.user_email ?? `owner-${state.users.size + 1}@sandbox.test`,
            dc: input.dc,
            orgIds: new Set()
        };
        state.users.set(user.user_id, user);
    }
    let client = input.client_id ? state.clients.get(input.client_id) : undefined;
    if (input.client_id && !client) throw new RangeError(`unknown client ${input.client_id}`);
    if (!client) {
        client = {
            client_id: `1000.${randomBytes(15).toString('hex').toUpperCase()}`,
            client_secret: randomBytes(21).toString('hex'),
            userId: user.user_id,
            redirect_uris: new Set()
        };
        state.clients.set(client.client_id, client);
    }
    for (const uri of input.redirect_uris) client.redirect_uris.add(uri);
    const currency = newCurrency(state.nextId(), input.currency_code ?? defaults.currency, true);
    const org: Organization = {
        organization_id: String(700_000_000 + state.orgs.size * 7919 + 11),
        name: input.name,
        dc: input.dc,
        plan: input.plan,
        edition: input.edition ?? defaults.edition,
        currency_id: currency.currency_id,
        time_zone: input.time_zone,
        utcOffsetMinutes: input.utc_offset_minutes,
        email: user.email,
        created: deps.clock.now(),
        counters: { invoice: 0, payment: 0, creditnote: 0 },
        invoicePrefix: input.invoice_prefix,
        preferences: {
            discountType: input.discount_type,
            discountBeforeTax: input.is_discount_before_tax,
            pricesIncludeTax: input.is_inclusive_tax
        }
    };
    const data = emptyOrgData(org);
    data.currencies.set(currency.currency_id, currency);
    state.orgs.set(org.organization_id, data);
    user.orgIds.add(org.organization_id);
    const owner = {
        clientId: client.client_id,
        userId: user.user_id,
        dc: input.dc,
        scopes: grantableScopes(input.scopes)
    };
    deps.tokens.firstConsent(user.user_id, client.client_id);
    const refresh = deps.tokens.issueRefreshToken(owner);
    const access = deps.tokens.issueAccessToken(owner, refresh);
    return {
        organization_id: org.organization_id,
        api_domain: apiDomain(origin, input.dc),
        accounts_url: accountsUrl(origin, input.dc),
        client_id: client.client_id,
        client_secret: client.client_secret,
        refresh_token: refresh.token,
        access_token: access.token,
        user_email: user.email,
        location: input.dc
    };
}

export const customFieldDefSchema = z.strictObject({
    label: z.string().min(1).max(50),
    api_name: z
        .string()
        .regex(/^cf_[a-z0-9_]+$/)
        .optional(),
    entity: z.enum(['invoice', 'contact', 'item', 'customer_payment', 'creditnote']),
    data_type: z
        .enum([
            'string',
            'number',
            'decimal',
            'amount',
            'date',
            'dropdown',
            'check_box',
            'multiline',
            'email',
            'url',
            'phone',
            'percent'
        ])
        .default('string'),
    is_unique: z.boolean().default(false)
});

export function addCustomField(
    deps: SandboxDeps,
    orgId: string,
    raw: z.input<typeof customFieldDefSchema>
): CustomFieldDef {
    const data = deps.state.orgs.get(orgId);
    if (!data) throw new RangeError(`unknown organization ${orgId}`);
    const input = customFieldDefSchema.parse(raw);
    const apiName =
        input.api_name ??
        `cf_${input.label
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '_')
            .replace(/^_|_$/g, '')}`;
    if (data.customFields.some((d) => d.entity === input.entity && d.api_name === apiName))
        throw new RangeError(`custom field ${apiName} exists`);
    const def: CustomFieldDef = {
        customfield_id: deps.state.nextId(),
        api_name: apiName,
        label: input.label,
        index: data.customFields.filter((d) => d.entity === input.entity).length + 1,
        data_type: input.data_type,
        entity: input.entity,
        is_unique: input.is_unique
    };
    data.customFields.push(def);
    return def;
}
