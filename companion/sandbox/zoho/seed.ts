import type { Hono } from 'hono';
import { z } from 'zod';

import { SEED_ENV } from './api.ts';
import type { SandboxDeps } from './deps.ts';

/**
 * Seeds an organization through the imitated API itself (same validation, same rendering),
 * with an owner token of full scope, outside rate limits and faults. Each list holds request
 * bodies as the Books API takes them; invoices may name their customer by `customer_name`
 * and exchange rates their currency by `currency_code`.
 */
export const seedSchema = z.strictObject({
    taxes: z.array(z.record(z.string(), z.unknown())).default([]),
    currencies: z.array(z.record(z.string(), z.unknown())).default([]),
    exchange_rates: z
        .array(
            z.object({ currency_code: z.string(), effective_date: z.string(), rate: z.number() })
        )
        .default([]),
    items: z.array(z.record(z.string(), z.unknown())).default([]),
    contacts: z.array(z.record(z.string(), z.unknown())).default([]),
    invoices: z.array(z.record(z.string(), z.unknown())).default([])
});
export type SeedInput = z.input<typeof seedSchema>;

export type SeedResult =
    | { ok: true; created: Record<string, unknown[]> }
    | { ok: false; step: string; index: number; response: unknown };

export async function seedOrganization(
    deps: SandboxDeps,
    app: Hono,
    orgId: string,
    raw: SeedInput
): Promise<SeedResult> {
    const input = seedSchema.parse(raw);
    const data = deps.state.orgs.get(orgId);
    if (!data) throw new RangeError(`unknown organization ${orgId}`);
    const user = [...deps.state.users.values()].find((u) => u.orgIds.has(orgId));
    if (!user) throw new RangeError(`organization ${orgId} has no user`);
    const token = deps.tokens.issueAccessToken({
        clientId: 'sandbox-seed',
        userId: user.user_id,
        dc: data.org.dc,
        scopes: ['ZohoBooks.fullaccess.all']
    });
    const call = async (path: string, body: unknown) => {
        const url = `http://sandbox.local/dc/${data.org.dc}/api/books/v3${path}?organization_id=${orgId}`;
        const init = {
            method: 'POST',
            headers: {
                authorization: `Zoho-oauthtoken ${token.token}`,
                'content-type': 'application/json'
            },
            body: JSON.stringify(body)
        };
        const res = await app.fetch(new Request(url, init), SEED_ENV);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const created: Record<string, unknown[]> = {};
    const steps: [string, string, string, Record<string, unknown>[]][] = [
        ['taxes', '/settings/taxes', 'tax', input.taxes],
        ['currencies', '/settings/currencies', 'currency', input.currencies],
        ['items', '/items', 'item', input.items],
        ['contacts', '/contacts', 'contact', input.contacts]
    ];
    for (const [name, path, key, bodies] of steps) {
        created[name] = [];
        for (const [index, body] of bodies.entries()) {
            const res = await call(path, body);
            if (res.status !== 201) return { ok: false, step: name, index, response: res.body };
            created[name].push(res.body[key]);
        }
        if (name === 'currencies') {
            created.exchange_rates = [];
            for (const [index, rate] of input.exchange_rates.entries()) {
                const currency = [...data.currencies.values()].find(
                    (cur) => cur.currency_code === rate.currency_code
                );
                const res = await call(
                    `/settings/currencies/${currency?.currency_id ?? '0'}/exchangerates`,
                    { effective_date: rate.effective_date, rate: rate.rate }
                );
                if (res.status !== 201)
                    return { ok: false, step: 'exchange_rates', index, response: res.body };
                created.exchange_rates.push(res.body.exchange_rate);
            }
        }
    }
    created.invoices = [];
    for (const [index, body] of input.invoices.entries()) {
        const byName = [...data.contacts.values()].find(
            (x) => x.contact_name === body.customer_name
        );
        const res = await call('/invoices', {
            ...body,
            customer_id: body.customer_id ?? byName?.contact_id
        });
        if (res.status !== 201) return { ok: false, step: 'invoices', index, response: res.body };
        created.invoices.push(res.body.invoice);
    }
    return { ok: true, created };
}
