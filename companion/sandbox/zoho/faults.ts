import { z } from 'zod';

/**
 * Faults a test switches on for the imitated API and the webhook sender. Each rule matches
 * requests (method, path substring, organization) and fires `times` times (default once).
 * - `latency`: waits `ms` real milliseconds before handling;
 * - `error`: answers 5xx with code 1000 without touching state;
 * - `timeout`: never answers (until the caller aborts, or `hangMs`), state untouched;
 * - `lost_response`: the write commits, then the reply is lost: the socket is destroyed (served
 *   over HTTP) or, in process, the response is marked so `sandbox.fetch` rejects like a reset;
 * - `rate_limit`: a 429 storm with code 44, 45 or 1070;
 * - `token_expired`: the caller's access token expires now, the request gets 401 code 57;
 * - `webhook_drop` / `webhook_duplicate` / `webhook_reorder`: applied to matching deliveries.
 * A rule with a `probability` fires on that share of the requests it matches (chaos runs: e.g.
 * `{ kind: 'error', times: 0, probability: 0.1 }`); a matching request it spares may meet the next
 * rule.
 */
const faultSchema = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(60_000) }),
    z.object({
        kind: z.literal('error'),
        status: z.union([z.literal(500), z.literal(502), z.literal(503)]).default(500)
    }),
    z.object({ kind: z.literal('timeout'), hangMs: z.number().int().min(0).default(30_000) }),
    z.object({ kind: z.literal('lost_response') }),
    z.object({
        kind: z.literal('rate_limit'),
        code: z.union([z.literal(44), z.literal(45), z.literal(1070)]).default(44)
    }),
    z.object({ kind: z.literal('token_expired') }),
    z.object({ kind: z.literal('webhook_drop') }),
    z.object({ kind: z.literal('webhook_duplicate') }),
    z.object({ kind: z.literal('webhook_reorder') })
]);

export const faultRuleSchema = z.intersection(
    faultSchema,
    z.object({
        method: z.string().toUpperCase().optional(),
        path: z.string().optional(),
        organization_id: z.string().optional(),
        /** How many matching requests it hits; 0 means every one until cleared. */
        times: z.number().int().min(0).default(1),
        /** The share of matching requests it hits (default 1: every one). */
        probability: z.number().gt(0).max(1).optional()
    })
);

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.infer<typeof faultRuleSchema> & { fault_id: string; hits: number };

const WEBHOOK_KINDS = new Set(['webhook_drop', 'webhook_duplicate', 'webhook_reorder']);

export function createFaultStore(nextId: () => string, random: () => number = Math.random) {
    let rules: FaultRule[] = [];

    function take(predicate: (rule: FaultRule) => boolean): FaultRule | undefined {
        const rule = rules.find(
            (r) => predicate(r) && (r.probability === undefined || random() < r.probability)
        );
        if (!rule) return undefined;
        rule.hits += 1;
        if (rule.times > 0 && rule.hits >= rule.times) rules = rules.filter((r) => r !== rule);
        return rule;
    }

    return {
        add(input: FaultRuleInput): FaultRule {
            const rule = { ...faultRuleSchema.parse(input), fault_id: nextId(), hits: 0 };
            rules.push(rule);
            return rule;
        },
        list: () => [...rules],
        clear(faultId?: string) {
            rules = faultId ? rules.filter((r) => r.fault_id !== faultId) : [];
        },
        /** The next request fault for this request, consumed. */
        forRequest(req: { method: string; path: string; orgId: string | undefined }) {
            return take(
                (r) =>
                    !WEBHOOK_KINDS.has(r.kind) &&
                    (!r.method || r.method === req.method) &&
                    (!r.path || req.path.includes(r.path)) &&
                    (!r.organization_id || r.organization_id === req.orgId)
            );
        },
        forWebhook(orgId: string) {
            return take(
                (r) =>
                    WEBHOOK_KINDS.has(r.kind) && (!r.organization_id || r.organization_id === orgId)
            );
        }
    };
}

export type FaultStore = ReturnType<typeof createFaultStore>;

/** Resolves when the caller gives up (its signal aborts) or after `ms` real milliseconds. */
export function hang(signal: AbortSignal | undefined, ms: number): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
        });
    });
}
