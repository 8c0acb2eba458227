import { Hono } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { zohoErrors } from '../errors.ts';
import type { WebhookModule, WebhookRule } from '../webhooks.ts';
import { ok } from './common.ts';

/**
 * `/settings/webhooks` (reference §7.2, scope settings.*). Zoho attaches a webhook to workflow
 * rules in its UI; whether an API-created webhook fires by itself is unconfirmed, so here it
 * fires on the `events` it names — `created`/`edited` when none are given (an assumption).
 */

const ENTITY_TO_MODULE: Record<string, WebhookModule> = {
    invoice: 'invoice',
    customer: 'contact',
    contact: 'contact',
    customerpayment: 'customerpayment',
    creditnote: 'creditnote',
    item: 'item'
};

const pair = z.looseObject({ param_name: z.string().min(1), param_value: z.string() });

const webhookSchema = z.looseObject({
    webhook_name: z.string().min(1).max(50),
    entity: z.string().refine((e) => e in ENTITY_TO_MODULE),
    url: z.url().max(5000),
    method: z.enum(['POST', 'PUT', 'DELETE']).default('POST'),
    description: z.string().max(100).optional(),
    headers: z.array(pair).default([]),
    query_parameters: z.array(pair).default([]),
    secret: z
        .string()
        .regex(/^[A-Za-z0-9]{12,50}$/)
        .optional(),
    events: z
        .array(z.enum(['created', 'edited', 'deleted']))
        .min(1)
        .default(['created', 'edited'])
});

function render(rule: WebhookRule) {
    const pairs = (record: Record<string, string>) =>
        Object.entries(record).map(([param_name, param_value]) => ({ param_name, param_value }));
    return {
        webhook_id: rule.webhook_id,
        webhook_name: rule.webhook_name,
        entity: rule.module,
        url: rule.url,
        method: rule.method,
        headers: pairs(rule.headers),
        query_parameters: pairs(rule.query_parameters),
        events: rule.events,
        is_secret_set: rule.secret !== undefined
    };
}

export function webhookSettingsRoutes(deps: SandboxDeps) {
    return new Hono<ApiEnv>()
        .post('/settings/webhooks', scope('settings', 'CREATE'), async (c) => {
            const body = await readBody(c, webhookSchema);
            const toRecord = (list: z.infer<typeof pair>[]) =>
                Object.fromEntries(list.map((p) => [p.param_name, p.param_value]));
            const rule = deps.webhooks.addRule(c.get('data').org.organization_id, {
                webhook_name: body.webhook_name,
                module: ENTITY_TO_MODULE[body.entity] as WebhookModule,
                events: body.events,
                url: body.url,
                method: body.method,
                headers: toRecord(body.headers),
                query_parameters: toRecord(body.query_parameters),
                secret: body.secret
            });
            return ok(c, 'Webhook has been created successfully.', { webhook: render(rule) }, 201);
        })
        .get('/settings/webhooks', scope('settings', 'READ'), (c) =>
            ok(c, 'success', {
                webhooks: deps.webhooks.rules(c.get('data').org.organization_id).map(render)
            })
        )
        .delete('/settings/webhooks/:id', scope('settings', 'DELETE'), (c) => {
            const orgId = c.get('data').org.organization_id;
            const rule = deps.webhooks.rules(orgId).find((r) => r.webhook_id === c.req.param('id'));
            if (!rule) throw zohoErrors.notFound('Webhook');
            deps.webhooks.removeRule(rule.webhook_id);
            return ok(c, 'The webhook has been deleted.');
        });
}
