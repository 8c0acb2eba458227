import { fork } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

import { z } from 'zod';

import { signWebhook } from '../sandbox/zoho/signature.ts';
import { ingestFigures, type IngestFigures } from './ingest-figures.ts';
import { closedLoop, type LoadOptions, type LoadResult } from './ingest-load.ts';
import {
    ingestCountSchema,
    ingestReadySchema,
    type IngestCount,
    type IngestServerConfig
} from './ingest-protocol.ts';
import type { ScenarioContext, ScenarioReport } from './scenarios.ts';
import { formatRows } from './table.ts';

/**
 * The ingest scenario: the companion's real HTTP server (its Zoho webhook door: signature check
 * and durable store write) and a bare Hono handler, each in its own process on this machine,
 * driven by the same closed-loop generator with signed Zoho invoice webhooks, every one for a
 * different invoice; then the companion's store is counted against what it acknowledged.
 */

export type IngestOptions = {
    backend: 'pglite' | 'postgres';
    connections: number;
    warmupMs: number;
    durationMs: number;
    databaseUrl?: string;
    progress?: (line: string) => void;
};

const SERVER = resolve(import.meta.dirname, 'ingest-server.ts');
const REPO_ROOT = resolve(import.meta.dirname, '../..');
const WEBHOOK_SECRET = 'ingestBenchWebhookSecret2026';
const ORGANIZATION_ID = '60012345678';
const countSchema = z.object({ count: ingestCountSchema });
const answerSchema = z.object({ accepted: z.number() });

/** Starts ingest-server.ts in a child process and waits until it listens. */
async function startServer(config: IngestServerConfig) {
    const child = fork(SERVER, [JSON.stringify(config)], {
        cwd: REPO_ROOT,
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    });
    const exited = once(child, 'exit').then(([code]) => {
        throw new Error(`the ${config.mode} server exited with ${String(code)}`);
    });
    exited.catch(() => undefined);
    const ready = ingestReadySchema.parse(
        (await Promise.race([once(child, 'message'), exited]))[0]
    );
    return {
        ...ready,
        async count(): Promise<IngestCount> {
            child.send('count');
            const [message] = await Promise.race([once(child, 'message'), exited]);
            return countSchema.parse(message).count;
        },
        async stop() {
            child.send('stop');
            await once(child, 'exit');
        }
    };
}

/** A Zoho invoice webhook (default payload, ids as bare numbers) for invoice `n`, signed. */
function invoiceWebhook(connectionId: string, n: number): ReturnType<LoadOptions['next']> {
    const invoiceId = 460_000_000_000_000 + n;
    const body = JSON.stringify({
        invoice: {
            invoice_id: invoiceId,
            invoice_number: `INV-${String(n).padStart(6, '0')}`,
            customer_id: 460_000_000_000_001,
            customer_name: 'Bowman and Co',
            status: 'sent',
            date: '2026-11-30',
            due_date: '2026-12-30',
            currency_code: 'USD',
            total: 1250.5,
            balance: 1250.5,
            last_modified_time: '2026-11-30T06:00:00+0000',
            line_items: [
                {
                    line_item_id: invoiceId + 1,
                    item_id: 460_000_000_000_002,
                    name: 'Consulting',
                    rate: 125.05,
                    quantity: 10
                }
            ]
        }
    });
    const params = { organization_id: ORGANIZATION_ID };
    return {
        path: `/v1/zoho/webhooks/${connectionId}?organization_id=${ORGANIZATION_ID}`,
        body,
        headers: {
            'content-type': 'application/json',
            'x-zoho-webhook-signature': signWebhook(WEBHOOK_SECRET, params, body)
        }
    };
}

function acceptedIn(status: number, body: string): number {
    if (status !== 200) return 0;
    const parsed = answerSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.accepted : 0;
}

async function drive(
    mode: IngestServerConfig['mode'],
    options: IngestOptions
): Promise<{ load: LoadResult; stored: IngestCount }> {
    const server = await startServer({
        mode,
        backend: options.backend,
        webhookSecret: WEBHOOK_SECRET,
        organizationId: ORGANIZATION_ID,
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})
    });
    try {
        options.progress?.(`  ${mode}: ${options.connections} connections`);
        const load = await closedLoop({
            url: server.url,
            connections: options.connections,
            warmupMs: options.warmupMs,
            durationMs: options.durationMs,
            next: (n) => invoiceWebhook(server.connectionId, n),
            accepted: acceptedIn
        });
        return { load, stored: await server.count() };
    } finally {
        await server.stop();
    }
}

export async function runIngest(options: IngestOptions): Promise<IngestFigures> {
    const bare = await drive('bare', options);
    const companion = await drive('companion', options);
    return ingestFigures({
        backend: options.backend,
        connections: options.connections,
        companion: { ...companion.load, cpuMs: companion.stored.cpuMs },
        bare: { ...bare.load, cpuMs: bare.stored.cpuMs },
        stored: companion.stored
    });
}

const COLUMNS: [string, keyof IngestFigures][] = [
    ['engine', 'engine'],
    ['backend', 'backend'],
    ['conns', 'connections'],
    ['req/s', 'companion_rps'],
    ['bare req/s', 'bare_rps'],
    ['ratio', 'ratio'],
    ['p50 ms', 'companion_p50_ms'],
    ['p99 ms', 'companion_p99_ms'],
    ['bare p50', 'bare_p50_ms'],
    ['bare p99', 'bare_p99_ms'],
    ['cpu ms/req', 'companion_cpu_ms_per_request'],
    ['bare cpu', 'bare_cpu_ms_per_request'],
    ['accepted', 'accepted'],
    ['stored', 'stored'],
    ['lost', 'lost'],
    ['errors', 'errors'],
    ['meets', 'meets_target']
];

/** `--scenarios ingest`: the companion on each backend asked for, each beside a bare handler. */
export async function ingestScenario(context: ScenarioContext): Promise<ScenarioReport> {
    const results: IngestFigures[] = [];
    for (const backend of new Set(context.backends)) {
        if (backend === 'none') continue;
        context.progress(`closebooks/${backend}: webhook ingest against a bare Hono handler`);
        results.push(
            await runIngest({
                backend,
                connections: context.connections,
                warmupMs: context.warmupS * 1000,
                durationMs: context.durationS * 1000,
                progress: context.progress,
                ...(backend === 'postgres' && context.databaseUrl
                    ? { databaseUrl: context.databaseUrl }
                    : {})
            })
        );
    }
    const note =
        `Closed loop, ${context.connections} connections, ${context.durationS} s measured after ` +
        `${context.warmupS} s warm-up, each server in its own process, the generator on the same ` +
        'machine. Targets: ratio ≥ 0.25, companion p99 ≤ 50 ms, every accepted webhook stored once.';
    return { results, table: `${formatRows(COLUMNS, results)}\n${note}` };
}
