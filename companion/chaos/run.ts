import { setTimeout as sleep } from 'node:timers/promises';

import { closeDealsAsRep, createScenarioEnv } from '../bench/env.ts';
import { joinSandboxConnection } from '../sandbox/demo/join.ts';
import { generateMasterKey, keyring } from '../src/security/vault.ts';
import type { Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import {
    startChild,
    stopChild,
    zohoClientOf,
    type Child
} from '../test/support/invoice-children.ts';
import type { InvoiceProcessConfig } from '../test/support/invoice-process.ts';
import { openProcessStore } from '../test/support/process-store.ts';
import { listen } from '../test/support/serve.ts';
import { judgeChaos, type ChaosVerdict } from './checks.ts';
import { chaosScale, meanLifeMs } from './schedule.ts';

export type ChaosOptions = {
    deals: number;
    /** SIGKILLs spread over the burst; each killed process is started again at once. */
    kills: number;
    backend: 'pglite' | 'postgres';
    /** Companion processes at once (PGlite: always one, it holds its data directory). */
    processes: number;
    /** A PostgreSQL server URL on which the run creates (and drops) its own database. */
    databaseUrl?: string;
    /**
     * Simulated ms per real ms for both simulators and the companions. Default: the scale at
     * which the burst needs (at Zoho's 100 calls a minute) as long as the kills take, so the
     * kills are spread over the burst instead of falling on its last few deals (see chaosScale).
     */
    scale?: number;
    /** Share of Zoho Books calls whose write commits but whose answer is lost (default 0.05). */
    lostRate?: number;
    /** Share of Zoho Books calls answered 500 without effect (default 0.10). */
    errorRate?: number;
    /** Share of deals locked (UNABLE_TO_LOCK_ROW) at any moment, re-drawn often (default 0.05). */
    lockRate?: number;
    /** Real ms to wait for the end state once the kills are over (default: 10 minutes plus the unsynced deals' time at Zoho's pace). */
    settleMs?: number;
    progress?: (line: string) => void;
};

/** What the Opportunity and the companion's store hold of one deal the verdict counts. */
export type ChaosDiagnosis = {
    opportunityId: string;
    status: unknown;
    message: unknown;
    jobs: { kind: string; state: string; attempts: number; lastError: string | null }[];
    writebacks: { attempts: number; sent: boolean; failed: boolean; lastError: string | null }[];
};

export type ChaosReport = ChaosVerdict & {
    diagnosis: ChaosDiagnosis[];
    backend: 'pglite' | 'postgres';
    processes: number;
    /** Kills made while deals were still unsynced (the run stops killing once all are). */
    kills: number;
    scale: number;
    seconds: number;
    faults: { lostRate: number; errorRate: number; lockRate: number };
};

const LEASE_MS = 3_000;
const FRONT_WAIT_MS = 15_000;

/** The store's jobs and write-backs that name each troubled deal (a slow scan: few deals). */
async function diagnose(
    db: Db,
    troubled: readonly string[],
    opportunities: readonly Record<string, unknown>[]
): Promise<ChaosDiagnosis[]> {
    const byId = new Map(opportunities.map((o) => [String(o.Id), o]));
    const out: ChaosDiagnosis[] = [];
    for (const id of troubled) {
        const jobs = await db.query<{
            kind: string;
            state: string;
            attempts: number;
            last_error: string | null;
        }>(
            `SELECT kind, state, attempts, last_error FROM jobs
             WHERE payload::text LIKE '%' || $1 || '%' ORDER BY id`,
            [id]
        );
        const writebacks = await db.query<{
            attempts: number;
            sent_at_ms: unknown;
            failed_at_ms: unknown;
            last_error: string | null;
        }>(
            `SELECT attempts, sent_at_ms, failed_at_ms, last_error FROM writebacks
             WHERE payload::text LIKE '%' || $1 || '%' ORDER BY id`,
            [id]
        );
        out.push({
            opportunityId: id,
            status: byId.get(id)?.Closebooks_Sync_Status__c,
            message: byId.get(id)?.Closebooks_Sync_Message__c,
            jobs: jobs.map((j) => ({
                kind: j.kind,
                state: j.state,
                attempts: j.attempts,
                lastError: j.last_error
            })),
            writebacks: writebacks.map((w) => ({
                attempts: w.attempts,
                sent: w.sent_at_ms !== null,
                failed: w.failed_at_ms !== null,
                lastError: w.last_error
            }))
        });
    }
    return out;
}

const pick = <T>(items: readonly T[]): T | undefined =>
    items[Math.floor(Math.random() * items.length)];

/**
 * A burst of won deals while companion processes are killed (SIGKILL) at random moments and
 * started again, Zoho loses answers and fails calls, and Salesforce rows are locked. Returns the
 * end state as both simulators and the journal show it.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
    const say = options.progress ?? (() => undefined);
    const processes = options.backend === 'pglite' ? 1 : Math.max(1, options.processes);
    const scale = options.scale ?? chaosScale(options.deals, options.kills, processes);
    const faults = {
        lostRate: options.lostRate ?? 0.05,
        errorRate: options.errorRate ?? 0.1,
        lockRate: options.lockRate ?? 0.05
    };
    const started = performance.now();
    const scenario = await createScenarioEnv({
        deals: options.deals,
        scale,
        perMinute: 100,
        linked: false,
        // 1,000 invoices with 15% of calls failed or lost and 200 restarts need more than the
        // 1,950 job calls a Standard plan's day leaves (the companion waits for the next day
        // there, as it should): a company with this volume is on Premium (10,000 a day).
        plan: 'premium'
    });
    const { env } = scenario;
    const sfOrg = env.salesforce.credentials.org_id;
    const zohoOrg = env.zoho.credentials.organization_id;
    const ids = env.seed.opportunities.map((o) => o.salesforceId);
    const store = await openProcessStore({
        backend: options.backend,
        prefix: 'chaos',
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {})
    });
    const masterKey = generateMasterKey();
    const children: (Child | undefined)[] = Array.from({ length: processes });
    const urls = new Map<Child, string>();
    const cleanups: (() => Promise<unknown>)[] = [() => scenario.close(), () => store.drop()];
    try {
        /**
         * A companion that is up, waiting for one (up to FRONT_WAIT_MS) while all are restarting,
         * as a load balancer in front of restarting processes holds a request a moment.
         */
        const liveCompanion = async (): Promise<string | undefined> => {
            const deadline = performance.now() + FRONT_WAIT_MS;
            for (;;) {
                const alive = children.filter((c): c is Child => !!c && urls.has(c));
                const child = pick(alive);
                if (child) return urls.get(child);
                if (performance.now() > deadline) return undefined;
                await sleep(50);
            }
        };
        // Salesforce reaches whichever companion is alive through one front door.
        const front = await listen({
            fetch: async (request) => {
                const base = await liveCompanion();
                if (!base) return new Response('no companion is up', { status: 503 });
                const target = new URL(request.url);
                return fetch(`${base}${target.pathname}${target.search}`, {
                    method: request.method,
                    headers: request.headers,
                    body: request.method === 'GET' ? null : await request.arrayBuffer()
                }).catch(() => new Response('the companion went away', { status: 502 }));
            }
        });
        cleanups.unshift(() => front.close());

        const db: Db = await store.open();
        await migrate(db);
        await joinSandboxConnection(
            { db, keyring: keyring(masterKey) },
            {
                name: 'Chaos',
                zoho: env.zoho.credentials,
                salesforce: env.salesforce.credentials,
                salesforceSandbox: env.salesforce.sandbox,
                companionUrl: front.url
            }
        );
        await db.close();

        const config = (): InvoiceProcessConfig => ({
            store: store.store,
            masterKey,
            zoho: zohoClientOf(env.zoho.credentials),
            leaseMs: LEASE_MS,
            clock: { at: env.clock.now(), wall: Date.now(), scale }
        });
        const start = async (slot: number) => {
            const child = startChild(config());
            children[slot] = child;
            urls.set(child, await child.url);
        };
        const kill = async (slot: number) => {
            const child = children[slot];
            if (!child) return;
            urls.delete(child);
            await stopChild(child, 'SIGKILL');
        };
        for (let slot = 0; slot < processes; slot += 1) await start(slot);
        const restarts = new Set<Promise<void>>();
        const liveSlots = () =>
            children.flatMap((child, slot) => (child && urls.has(child) ? [slot] : []));

        env.zoho.sandbox.setFault({
            kind: 'lost_response',
            times: 0,
            probability: faults.lostRate
        });
        env.zoho.sandbox.setFault({
            kind: 'error',
            status: 500,
            times: 0,
            probability: faults.errorRate
        });

        say(`chaos: closing ${ids.length} deals (${options.backend}, ${processes} process(es))`);
        await closeDealsAsRep(scenario, ids);
        // Rows locked by other transactions from now on: the companion's writes meet them.
        const locks = setInterval(() => {
            const locked = ids.filter(() => Math.random() < faults.lockRate);
            env.salesforce.sandbox.setFaults(sfOrg, { lockedIds: locked });
        }, 250);
        cleanups.unshift(async () => clearInterval(locks));
        const synced = () =>
            env.salesforce.sandbox
                .records(sfOrg, 'Opportunity')
                .filter((o) => o.Closebooks_Sync_Status__c === 'Synced' && o.Zoho_Invoice_Id__c)
                .length;
        /** The deals by sync status, as the Opportunities show it (e.g. `Synced 180, Failed 20`). */
        const tally = () => {
            const counts = new Map<string, number>();
            for (const o of env.salesforce.sandbox.records(sfOrg, 'Opportunity')) {
                const status = String(o.Closebooks_Sync_Status__c ?? 'none');
                counts.set(status, (counts.get(status) ?? 0) + 1);
            }
            return [...counts].map(([status, n]) => `${status} ${n}`).join(', ');
        };

        // Each kill strikes a random process that has been up (and working) for a random
        // while (see meanLifeMs); with several processes the kills come that much more often.
        const meanGapMs = meanLifeMs(ids.length, options.kills, processes, scale) / processes;
        let kills = 0;
        // The first kill strikes within half a second of the first Zoho Books call, so even a
        // short burst is interrupted mid-work; the others after a process's random lifetime.
        while (scenario.door.books === 0 && synced() < ids.length) await sleep(10);
        for (let k = 0; k < options.kills; k += 1) {
            await sleep(k === 0 ? Math.random() * 500 : meanGapMs * (0.5 + Math.random()));
            // A kill after the last deal is written back proves nothing: stop there.
            if (synced() === ids.length) break;
            // A process that is up: with several, the others keep running (and restarting)
            // while this one starts again, so the kills keep their pace whatever a start costs.
            let up: number[] = [];
            while ((up = liveSlots()).length === 0) await sleep(20);
            const slot = up[Math.floor(Math.random() * up.length)] ?? 0;
            await kill(slot);
            const restart = start(slot).finally(() => restarts.delete(restart));
            restarts.add(restart);
            kills += 1;
            if ((k + 1) % 10 === 0 || k + 1 === options.kills)
                say(`chaos: ${k + 1}/${options.kills} kills, ${tally()}`);
        }

        await Promise.all(restarts);
        // Ten minutes, plus the time the deals still unsynced need at Zoho's pace at this scale.
        const pendingFloorMs = (((ids.length - synced()) / 100) * 60_000) / scale;
        const deadline = performance.now() + (options.settleMs ?? 600_000 + pendingFloorMs);
        let lastSay = performance.now();
        while (synced() < ids.length && performance.now() < deadline) {
            await sleep(200);
            if (performance.now() - lastSay > 10_000) {
                say(`chaos: settling, ${tally()}`);
                lastSay = performance.now();
            }
        }
        clearInterval(locks);
        env.salesforce.sandbox.setFaults(sfOrg, { lockedIds: [] });
        env.zoho.sandbox.clearFaults();
        for (let slot = 0; slot < processes; slot += 1) {
            const child = children[slot];
            if (child) {
                urls.delete(child);
                await stopChild(child, 'SIGTERM');
            }
        }
        await env.salesforce.sandbox.settle();

        const state = (await (
            await env.zoho.sandbox.app.request(`/_sandbox/orgs/${zohoOrg}`)
        ).json()) as {
            invoices: Record<string, unknown>[];
            contacts: Record<string, unknown>[];
        };
        const read = await store.open();
        const journal = await read.query<{
            operation: string;
            subject: string | null;
            opportunity_id: unknown;
        }>(
            `SELECT operation, subject, detail->>'opportunityId' AS opportunity_id FROM journal
             WHERE operation IN ('zoho.invoice.create', 'zoho.invoice.adopt')`
        );
        const opportunities = env.salesforce.sandbox.records(sfOrg, 'Opportunity');
        const verdict = judgeChaos({
            keyOf: (id) => `${sfOrg}:${id}`,
            opportunityIds: ids,
            opportunities,
            zohoInvoices: state.invoices,
            zohoContacts: state.contacts,
            journal: journal.map((j) => ({ ...j, opportunityId: j.opportunity_id }))
        });
        const diagnosis = await diagnose(read, verdict.troubled, opportunities);
        await read.close();
        return {
            ...verdict,
            diagnosis,
            backend: options.backend,
            processes,
            kills,
            scale,
            seconds: Math.round((performance.now() - started) / 100) / 10,
            faults
        };
    } finally {
        for (const child of children) if (child) await stopChild(child, 'SIGKILL');
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    }
}
