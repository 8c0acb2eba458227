import { z } from 'zod';

import type { Logger } from '../../src/log.ts';
import type { FaultStore } from './faults.ts';
import { signWebhook } from './signature.ts';

/**
 * Outgoing webhooks (reference §7): per-organization rules of module + events + optional
 * criteria (field equals value on the record), delivering the default payload
 * `{"<module key>": {...record as GET returns it}}` (ids as bare numbers unless told otherwise)
 * with the configured method, headers and
 * query parameters, signed when a secret is set. A failed delivery (non-2xx or network error)
 * is retried at growing intervals of the simulator clock; retries go out when the queue is
 * drained — after each event, on `flush()`, and on each API request.
 */

const WEBHOOK_MODULES = {
    invoice: 'invoice',
    contact: 'contact',
    customerpayment: 'payment',
    creditnote: 'creditnote',
    item: 'item'
} as const;
export type WebhookModule = keyof typeof WEBHOOK_MODULES;
export type WebhookEvent = 'created' | 'edited' | 'deleted';

export const webhookRuleInputSchema = z.object({
    webhook_name: z.string().max(50).default('Sandbox webhook'),
    module: z.enum(Object.keys(WEBHOOK_MODULES) as [WebhookModule, ...WebhookModule[]]),
    events: z.array(z.enum(['created', 'edited', 'deleted'])).min(1),
    criteria: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    url: z.url(),
    method: z.enum(['POST', 'PUT', 'DELETE']).default('POST'),
    headers: z.record(z.string(), z.string()).default({}),
    query_parameters: z.record(z.string(), z.string()).default({}),
    secret: z
        .string()
        .regex(/^[A-Za-z0-9]{12,50}$/)
        .optional(),
    /**
     * Render `*_id` values as bare JSON numbers, as live default payloads do (reference §3.1,
     * §7.3): 19-digit ids then exceed 2^53 and only a big-int-safe parser keeps them.
     */
    ids_as_numbers: z.boolean().default(true)
});
export type WebhookRuleInput = z.input<typeof webhookRuleInputSchema>;
export type WebhookRule = z.infer<typeof webhookRuleInputSchema> & {
    webhook_id: string;
    organization_id: string;
};

export type Delivery = {
    delivery_id: string;
    webhook_id: string;
    organization_id: string;
    event: WebhookEvent;
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string;
    attempts: number;
    next_attempt_at: number;
    status: 'pending' | 'delivered' | 'failed' | 'dropped';
    held: boolean;
    responses: (number | string)[];
};

type WebhookDeps = {
    fetch: typeof fetch;
    now: () => number;
    faults: FaultStore;
    nextId: () => string;
    log: Logger;
    retryDelaysMs?: number[];
    /** Real milliseconds to wait for a receiver before counting the attempt as failed. */
    timeoutMs?: number;
};

/** A `"…_id":"<digits>"` member; the replacement drops the quotes around the digits. */
const NUMERIC_ID = /("[a-z_]*_id":)"(\d+)"/g;

const DEFAULT_RETRY_DELAYS = [60_000, 300_000, 1_800_000];

export function createWebhookDispatcher(deps: WebhookDeps) {
    const rules: WebhookRule[] = [];
    const deliveries: Delivery[] = [];
    const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
    let running: Promise<void> = Promise.resolve();

    async function send(d: Delivery): Promise<void> {
        d.attempts += 1;
        let outcome: number | string;
        try {
            const res = await deps.fetch(d.url, {
                method: d.method,
                headers: d.headers,
                body: d.body,
                // A receiver that never answers counts as a failure (Zoho's own timeout is undocumented).
                signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000)
            });
            outcome = res.status;
            await res.body?.cancel();
        } catch (error) {
            outcome = error instanceof Error ? error.message : String(error);
        }
        d.responses.push(outcome);
        if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
            d.status = 'delivered';
            return;
        }
        const delay = delays[d.attempts - 1];
        if (delay === undefined) d.status = 'failed';
        else d.next_attempt_at = deps.now() + delay;
        deps.log.warn({ deliveryId: d.delivery_id, outcome }, 'webhook delivery failed');
    }

    async function drainOnce(force: boolean): Promise<void> {
        const due = deliveries.filter(
            (d) => d.status === 'pending' && d.next_attempt_at <= deps.now()
        );
        let sent = 0;
        for (const d of due.filter((x) => !x.held)) {
            await send(d);
            sent += 1;
        }
        if (sent === 0 && !force) return;
        for (const d of due.filter((x) => x.held)) {
            d.held = false;
            await send(d);
        }
    }

    function drain(force = false): Promise<void> {
        running = running.then(() => drainOnce(force));
        return running;
    }

    function enqueue(rule: WebhookRule, event: WebhookEvent, record: Record<string, unknown>) {
        const url = new URL(rule.url);
        for (const [k, v] of Object.entries(rule.query_parameters)) url.searchParams.set(k, v);
        const json = JSON.stringify({ [WEBHOOK_MODULES[rule.module]]: record });
        const body = rule.ids_as_numbers ? json.replace(NUMERIC_ID, '$1$2') : json;
        const headers: Record<string, string> = {
            'content-type': 'application/json',
            ...rule.headers
        };
        if (rule.secret)
            headers['X-Zoho-Webhook-Signature'] = signWebhook(
                rule.secret,
                Object.fromEntries(url.searchParams),
                body
            );
        const delivery: Delivery = {
            delivery_id: deps.nextId(),
            webhook_id: rule.webhook_id,
            organization_id: rule.organization_id,
            event,
            url: url.toString(),
            method: rule.method,
            headers,
            body,
            attempts: 0,
            next_attempt_at: deps.now(),
            status: 'pending',
            held: false,
            responses: []
        };
        const fault = deps.faults.forWebhook(rule.organization_id);
        if (fault?.kind === 'webhook_drop') delivery.status = 'dropped';
        if (fault?.kind === 'webhook_reorder') delivery.held = true;
        deliveries.push(delivery);
        if (fault?.kind === 'webhook_duplicate')
            deliveries.push({ ...delivery, delivery_id: deps.nextId(), responses: [] });
    }

    return {
        addRule(orgId: string, input: WebhookRuleInput): WebhookRule {
            const rule = {
                ...webhookRuleInputSchema.parse(input),
                webhook_id: deps.nextId(),
                organization_id: orgId
            };
            rules.push(rule);
            return rule;
        },
        rules: (orgId: string) => rules.filter((r) => r.organization_id === orgId),
        removeRule(webhookId: string): boolean {
            const i = rules.findIndex((r) => r.webhook_id === webhookId);
            if (i >= 0) rules.splice(i, 1);
            return i >= 0;
        },
        /** Called by the API handlers after each committed change. */
        emit(
            orgId: string,
            module: WebhookModule,
            event: WebhookEvent,
            record: Record<string, unknown>
        ) {
            const matching = rules.filter(
                (r) =>
                    r.organization_id === orgId &&
                    r.module === module &&
                    r.events.includes(event) &&
                    Object.entries(r.criteria ?? {}).every(
                        ([field, value]) => record[field] === value
                    )
            );
            for (const rule of matching) enqueue(rule, event, record);
            if (matching.length > 0) setTimeout(() => void drain(), 0);
        },
        deliveries: (orgId?: string) =>
            deliveries.filter((d) => !orgId || d.organization_id === orgId),
        drain: () => drain(false),
        /** Sends everything due now, including reordered deliveries still held back. */
        flush: () => drain(true)
    };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
