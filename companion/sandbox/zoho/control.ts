import { Hono, type Context } from 'hono';
import { z } from 'zod';

import type { SandboxDeps } from './deps.ts';
import { faultRuleSchema } from './faults.ts';
import {
    addCustomField,
    createOrganization,
    customFieldDefSchema,
    orgInputSchema
} from './provision.ts';
import { renderContact } from './contacts-model.ts';
import { renderCreditNote, renderInvoice } from './sales-render.ts';
import { renderItem } from './routes/items.ts';
import { isDefaultOrgOf, renderOrganization } from './routes/organizations.ts';
import { renderPayment } from './routes/payments.ts';
import { renderTax } from './routes/taxes.ts';
import { seedSchema, type SeedInput, type SeedResult } from './seed.ts';
import { webhookRuleInputSchema } from './webhooks.ts';

/**
 * The control surface under `/_sandbox/` (DESIGN §7) — never part of the imitated API. Our own
 * API, so strict bodies and the companion's error body `{error: {code, message}}`.
 *
 * | Route | Does |
 * |---|---|
 * | `POST /_sandbox/orgs` | create an organization, answer ready credentials |
 * | `GET /_sandbox/orgs/:id` | dump the organization's state as the API renders it |
 * | `POST /_sandbox/orgs/:id/seed` | create taxes, currencies, rates, items, contacts, invoices through the API |
 * | `POST /_sandbox/orgs/:id/customfields` | add a custom field (optionally unique) |
 * | `POST /_sandbox/orgs/:id/webhooks` | add a webhook rule; `GET` lists rules |
 * | `GET /_sandbox/orgs/:id/usage` | rate-limit counters |
 * | `GET /_sandbox/webhooks/deliveries` | every delivery and its attempts |
 * | `POST /_sandbox/webhooks/flush` | send every due delivery now |
 * | `GET /_sandbox/clock`, `POST /_sandbox/clock/advance {ms}`, `POST /_sandbox/clock/set {epoch_ms}` | time |
 * | `POST /_sandbox/faults`, `GET /_sandbox/faults`, `DELETE /_sandbox/faults[/:id]` | faults |
 * | `POST /_sandbox/tokens/expire` | expire every access token now |
 * | `PATCH /_sandbox/limits` | change limits (partial) |
 */

function fail(c: Context, status: 400 | 404, code: string, message: string) {
    return c.json({ error: { code, message } }, status);
}

async function body<S extends z.ZodType>(
    c: Context,
    schema: S
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
    const raw: unknown = await c.req.json().catch(() => undefined);
    const parsed = schema.safeParse(raw ?? {});
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
        ok: false,
        response: fail(c, 400, 'validation_failed', z.prettifyError(parsed.error))
    };
}

const limitsPatchSchema = z.strictObject({
    requestsPerMinute: z.number().int().min(1).optional(),
    concurrentFree: z.number().int().min(1).optional(),
    concurrentPaid: z.number().int().min(1).optional(),
    accessTokenTtlMs: z.number().int().min(1).optional(),
    grantCodeTtlMs: z.number().int().min(1).optional(),
    refreshTokensPerUserClient: z.number().int().min(1).optional(),
    refreshesPerWindow: z.number().int().min(1).optional(),
    rateLimitHeaders: z.boolean().optional()
});

export function controlRoutes(
    deps: SandboxDeps,
    seed: (orgId: string, input: SeedInput) => Promise<SeedResult>
) {
    const org = (c: Context) => deps.state.orgs.get(c.req.param('id') ?? '');
    const guard = <T>(c: Context, run: () => T) => {
        try {
            return c.json(run() as object, 201);
        } catch (error) {
            return fail(
                c,
                400,
                'validation_failed',
                error instanceof Error ? error.message : String(error)
            );
        }
    };
    return new Hono()
        .post('/orgs', async (c) => {
            const input = await body(c, orgInputSchema);
            if (!input.ok) return input.response;
            return guard(c, () => createOrganization(deps, input.value, new URL(c.req.url).origin));
        })
        .get('/orgs/:id', (c) => {
            const data = org(c);
            if (!data) return fail(c, 404, 'not_found', 'no such organization');
            const now = deps.clock.now();
            return c.json({
                organization: renderOrganization(
                    data,
                    isDefaultOrgOf(
                        [...deps.state.users.values()].find((u) =>
                            u.orgIds.has(data.org.organization_id)
                        ),
                        data.org.organization_id
                    )
                ),
                contacts: [...data.contacts.values()].map((x) => renderContact(data, x)),
                items: [...data.items.values()].map((x) => renderItem(data, x)),
                taxes: [...data.taxes.values()].map(renderTax),
                currencies: [...data.currencies.values()],
                invoices: [...data.invoices.values()].map((x) => renderInvoice(data, x, now)),
                payments: [...data.payments.values()].map((x) => renderPayment(data, x)),
                creditnotes: [...data.creditNotes.values()].map((x) => renderCreditNote(data, x)),
                custom_fields: data.customFields
            });
        })
        .post('/orgs/:id/customfields', async (c) => {
            const input = await body(c, customFieldDefSchema);
            if (!input.ok) return input.response;
            return guard(c, () => addCustomField(deps, c.req.param('id'), input.value));
        })
        .post('/orgs/:id/seed', async (c) => {
            if (!org(c)) return fail(c, 404, 'not_found', 'no such organization');
            const input = await body(c, seedSchema);
            if (!input.ok) return input.response;
            const result = await seed(c.req.param('id'), input.value);
            if (!result.ok)
                return c.json(
                    {
                        error: {
                            code: 'seed_failed',
                            message: `${result.step}[${result.index}] refused`,
                            details: result.response
                        }
                    },
                    400
                );
            return c.json(result.created, 201);
        })
        .get('/orgs/:id/webhooks', (c) =>
            c.json({ webhooks: deps.webhooks.rules(c.req.param('id')) })
        )
        .post('/orgs/:id/webhooks', async (c) => {
            if (!org(c)) return fail(c, 404, 'not_found', 'no such organization');
            const input = await body(c, webhookRuleInputSchema);
            if (!input.ok) return input.response;
            return guard(c, () => deps.webhooks.addRule(c.req.param('id'), input.value));
        })
        .get('/orgs/:id/usage', (c) => c.json(deps.limiter.usage(c.req.param('id'))))
        .get('/webhooks/deliveries', (c) =>
            c.json({ deliveries: deps.webhooks.deliveries(c.req.query('organization_id')) })
        )
        .post('/webhooks/flush', async (c) => {
            await deps.webhooks.flush();
            return c.json({ deliveries: deps.webhooks.deliveries() });
        })
        .get('/clock', (c) =>
            c.json({ now: deps.clock.now(), iso: new Date(deps.clock.now()).toISOString() })
        )
        .post('/clock/advance', async (c) => {
            const input = await body(c, z.strictObject({ ms: z.number().int().min(0) }));
            if (!input.ok) return input.response;
            deps.clock.advance(input.value.ms);
            return c.json({ now: deps.clock.now() });
        })
        .post('/clock/set', async (c) => {
            const input = await body(c, z.strictObject({ epoch_ms: z.number().int() }));
            if (!input.ok) return input.response;
            if (input.value.epoch_ms < deps.clock.now())
                return fail(c, 400, 'validation_failed', 'the clock only moves forward');
            deps.clock.set(input.value.epoch_ms);
            return c.json({ now: deps.clock.now() });
        })
        .get('/faults', (c) => c.json({ faults: deps.faults.list() }))
        .post('/faults', async (c) => {
            const input = await body(c, faultRuleSchema);
            if (!input.ok) return input.response;
            return c.json(deps.faults.add(input.value), 201);
        })
        .delete('/faults/:id?', (c) => {
            deps.faults.clear(c.req.param('id'));
            return c.json({ faults: deps.faults.list() });
        })
        .post('/tokens/expire', (c) => c.json({ expired: deps.tokens.expireAccessTokens() }))
        .patch('/limits', async (c) => {
            const input = await body(c, limitsPatchSchema);
            if (!input.ok) return input.response;
            Object.assign(
                deps.limits,
                Object.fromEntries(Object.entries(input.value).filter(([, v]) => v !== undefined))
            );
            return c.json(deps.limits);
        });
}
