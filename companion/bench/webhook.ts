import { setTimeout as sleep } from 'node:timers/promises';

import { z } from 'zod';

import { booksClient, type Reply } from '../sandbox/zoho/test-client.ts';
import { closebooksEngine } from './closebooks.ts';
import { closeDealsAsRep, createScenarioEnv, type Backend, type ScenarioEnv } from './env.ts';
import type { ScenarioContext, ScenarioReport } from './scenarios.ts';
import { formatRows } from './table.ts';
import {
    WEBHOOK_TARGET_P95_MS,
    ZOHO_CALLS_PER_MINUTE,
    webhookFigures,
    type WebhookFigures
} from './webhook-figures.ts';

/**
 * The webhook scenario: the companion runs on the sandbox with every deal already invoiced and
 * written back; then, one at a time on an idle engine, a clerk records a part payment against
 * an invoice in Zoho, Zoho announces it by its signed webhook, and we measure real ms from the
 * payment until the Salesforce simulator's Opportunity shows the amount paid.
 */

export type WebhookOptions = {
    backend: Exclude<Backend, 'none'>;
    events: number;
    gapMs: number;
    scale: number;
    databaseUrl?: string;
    progress?: (line: string) => void;
};

/** Real ms an event may take before it counts as missed. */
const EVENT_DEADLINE_MS = 30_000;
const invoiceSchema = z.object({
    invoice: z.object({ invoice_id: z.string(), customer_id: z.string(), total: z.number() })
});

/** Polls `probe` every 5 real ms until it answers, or undefined at `deadline` (performance.now()). */
async function until<T>(probe: () => T | undefined, deadline: number): Promise<T | undefined> {
    for (;;) {
        const found = probe();
        if (found !== undefined) return found;
        if (performance.now() > deadline) return undefined;
        await sleep(5);
    }
}

function opportunities(scenario: ScenarioEnv) {
    const { sandbox, credentials } = scenario.env.salesforce;
    return new Map(sandbox.records(credentials.org_id, 'Opportunity').map((o) => [o.Id, o]));
}

/**
 * Calls the Books API as the clerk; a 429 (the clerk shares the organization's per-minute limit
 * with the companion) is waited out, one real second at a time, and the call made again.
 */
async function asClerk(
    call: () => Promise<Reply>,
    attempts = 60
): Promise<{ reply: Reply; sentAt: number; calls: number }> {
    for (let attempt = 1; ; attempt += 1) {
        const sentAt = performance.now();
        const reply = await call();
        if (reply.status !== 429 || attempt >= attempts) return { reply, sentAt, calls: attempt };
        await sleep(1_000);
    }
}

/**
 * Records a payment of 40% of the deal's invoice in Zoho; resolves to the amount and when the
 * call that recorded it was sent.
 */
async function payPart(scenario: ScenarioEnv, invoiceId: string) {
    const { zoho, clock } = scenario.env;
    const books = booksClient(zoho.sandbox, zoho.credentials);
    const read = await asClerk(() => books.get(`/invoices/${invoiceId}`));
    const invoice = invoiceSchema.parse(read.reply.body).invoice;
    const amount = Math.round(invoice.total * 40) / 100;
    const paid = await asClerk(() =>
        books.post('/customerpayments', {
            customer_id: invoice.customer_id,
            payment_mode: 'banktransfer',
            amount,
            date: new Date(clock.now()).toISOString().slice(0, 10),
            invoices: [{ invoice_id: invoice.invoice_id, amount_applied: amount }]
        })
    );
    if (paid.reply.status !== 201)
        throw new Error(`the payment was refused: HTTP ${paid.reply.status}`);
    return { amount, changedAt: paid.sentAt, clerkCalls: read.calls + paid.calls };
}

export async function runWebhookLatency(options: WebhookOptions): Promise<WebhookFigures> {
    const scenario = await createScenarioEnv({
        deals: options.events,
        scale: options.scale,
        perMinute: 100,
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})
    });
    const engine = closebooksEngine(options.backend, { zohoWebhooks: true });
    const latenciesMs: number[] = [];
    const door = { calls: 0, tooMany: 0, clerk: 0, windowMs: 0 };
    try {
        await engine.start(scenario.env);
        const ids = scenario.env.seed.opportunities.map((o) => o.salesforceId);
        await closeDealsAsRep(scenario, ids);
        const invoiced = await until(
            () => {
                const now = opportunities(scenario);
                return ids.every((id) => now.get(id)?.Zoho_Invoice_Id__c) ? now : undefined;
            },
            performance.now() + 60_000 + 1_000 * options.events
        );
        if (!invoiced) throw new Error('the deals were not invoiced and written back in time');
        options.progress?.(`closebooks/${options.backend}: ${ids.length} deals invoiced`);
        // Idle: Zoho has delivered every webhook the invoicing itself set off.
        const { sandbox, credentials } = scenario.env.zoho;
        await until(
            () =>
                sandbox.webhooks
                    .deliveries(credentials.organization_id)
                    .every((d) => d.status !== 'pending') || undefined,
            performance.now() + 30_000
        );
        const before = { ...scenario.door, at: performance.now() };
        for (const id of ids) {
            await sleep(options.gapMs);
            const { amount, changedAt, clerkCalls } = await payPart(
                scenario,
                String(invoiced.get(id)?.Zoho_Invoice_Id__c)
            );
            door.clerk += clerkCalls;
            const seenAt = await until(
                () =>
                    opportunities(scenario).get(id)?.Zoho_Amount_Paid__c === amount
                        ? performance.now()
                        : undefined,
                changedAt + EVENT_DEADLINE_MS
            );
            if (seenAt === undefined) options.progress?.(`  payment on ${id} never reached it`);
            else latenciesMs.push(seenAt - changedAt);
            if (seenAt !== undefined && seenAt - changedAt > WEBHOOK_TARGET_P95_MS)
                options.progress?.(
                    `  event ${latenciesMs.length}: ${Math.round(seenAt - changedAt)} ms, over the target`
                );
        }
        door.windowMs = performance.now() - before.at;
        door.calls = scenario.door.books - before.books;
        door.tooMany = scenario.door.tooMany - before.tooMany;
    } finally {
        await engine.stop();
        await scenario.close();
    }
    return webhookFigures({
        backend: options.backend,
        events: options.events,
        latenciesMs,
        clockScale: options.scale,
        zohoCalls: door.calls,
        zoho429s: door.tooMany,
        clerkCalls: door.clerk,
        windowMs: door.windowMs
    });
}

const COLUMNS: [string, keyof WebhookFigures][] = [
    ['engine', 'engine'],
    ['backend', 'backend'],
    ['events', 'events'],
    ['samples', 'samples'],
    ['missed', 'missed'],
    ['p50 ms', 'latency_p50_ms'],
    ['p95 ms', 'latency_p95_ms'],
    ['max ms', 'latency_max_ms'],
    ['target p95', 'target_p95_ms'],
    ['meets', 'meets_target'],
    ['zoho/event', 'zoho_calls_per_event'],
    ['zoho/min', 'zoho_calls_per_minute'],
    ['429s', 'zoho_429s']
];

/** `--scenarios webhook`: the closebooks engine on each backend asked for. */
export async function webhookScenario(context: ScenarioContext): Promise<ScenarioReport> {
    const results: WebhookFigures[] = [];
    for (const backend of new Set(context.backends)) {
        if (backend === 'none') continue;
        context.progress(`closebooks/${backend}: ${context.events} webhook events`);
        results.push(
            await runWebhookLatency({
                backend,
                events: context.events,
                gapMs: context.gapMs,
                scale: context.scale,
                progress: context.progress,
                ...(backend === 'postgres' && context.databaseUrl
                    ? { databaseUrl: context.databaseUrl }
                    : {})
            })
        );
    }
    const note =
        'Zoho payment → Salesforce Opportunity, real ms, one event at a time on an idle engine: ' +
        `each ${context.gapMs} real ms after the one before arrived (clock ×${context.scale}), Zoho limited to ` +
        `${ZOHO_CALLS_PER_MINUTE} calls a simulated minute. zoho/event: the companion's Books API ` +
        "calls per event (background sweeps in the window included); zoho/min: everyone's calls " +
        "(companion's and the clerk's 2 per event) per simulated minute of the events, idle while " +
        `well under ${ZOHO_CALLS_PER_MINUTE} (the default pace, one event every 10 simulated s, ` +
        'keeps it under half). No naive baseline: the naive engine only turns won deals into ' +
        'invoices and has no webhook door.';
    return { results, table: `${formatRows(COLUMNS, results)}\n${note}` };
}
