import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { invoiceEnv, type InvoiceEnv } from '../../test/support/invoice-env.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { createApiKey } from '../store/api-keys.ts';
import { claim, enqueue, failJob } from '../store/jobs.ts';
import { getJob } from '../store/jobs-admin.ts';
import { digestRequest, recordWrite } from '../store/journal.ts';
import { EXIT } from './exit-codes.ts';
import { runCli } from './run.ts';

const BIN = fileURLToPath(new URL('../../bin/closebooks.mjs', import.meta.url));
const TEST_KIND = 'cli.test';

describe(`npx closebooks against a running companion (${testBackend})`, () => {
    let t: TestDb;
    let env: InvoiceEnv;
    let key = '';
    let readOnlyKey = '';
    let onSleep: (() => Promise<void>) | undefined;
    const local: { command: string; args: readonly string[] }[] = [];
    let notes: string[] = [];

    const cli = async (args: string[], as = key) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(args, {
            env: { url: env.server.url, key: as },
            fetch,
            io: {
                out: (s) => out.push(s),
                err: (s) => {
                    err.push(s);
                    notes.push(s);
                },
                errIsTty: false
            },
            now: () => env.clock.now(),
            sleep: async () => {
                await onSleep?.();
                await new Promise((resolve) => setTimeout(resolve, 50));
            },
            runLocal: async (command, rest) => {
                local.push({ command, args: rest });
                return 0;
            }
        });
        const stdout = out.join('');
        return { code, stdout, stderr: err.join(''), json: () => JSON.parse(stdout) };
    };

    /** A dead job of a kind no worker handles, so it stays where the test puts it. */
    async function deadJob(correlationId: string) {
        const { job } = await enqueue(env.db, {
            kind: TEST_KIND,
            partitionKey: `cli:${correlationId}`,
            connectionId: env.connectionId,
            correlationId
        });
        const claimed = await claim(env.db, {
            workerId: 'cli-test',
            leaseMs: 60_000,
            kinds: [TEST_KIND]
        });
        expect(claimed?.id).toBe(job.id);
        await failJob(env.db, claimed!, 'cli-test', { message: 'Zoho said no', retryable: false });
        return job.id;
    }

    beforeAll(async () => {
        t = await createTestDb();
        env = await invoiceEnv(t.db, { deals: 2, linked: true });
        key = (await createApiKey(env.db, { name: 'cli', scopes: ['admin:read', 'admin:write'] }))
            .token;
        readOnlyKey = (await createApiKey(env.db, { name: 'ro', scopes: ['admin:read'] })).token;
    });
    afterAll(async () => {
        await env.close();
        await t.drop();
    });

    it('status: the connection, its queue and its Zoho budget, as text and as one JSON document', async () => {
        const json = await cli(['status', '--json']);
        expect(json.code).toBe(EXIT.ok);
        expect(json.stderr).toBe('');
        const status = json.json();
        expect(status.connections).toHaveLength(1);
        expect(status.connections[0]).toMatchObject({
            id: env.connectionId,
            status: 'active',
            zoho: [{ organizationId: env.zohoOrg, perDay: 2000, perMinute: 100 }]
        });
        const text = await cli(['status']);
        expect(text.code).toBe(EXIT.ok);
        expect(text.stdout).toContain(env.connectionId);
        expect(text.stdout).toContain(`${env.zohoOrg}: `);
    });

    it('plan: the dry run of a deal, and nothing is written', async () => {
        const deal = env.seed.opportunities[0]!.salesforceId;
        const json = await cli(['plan', deal, '--json']);
        expect(json.code).toBe(EXIT.ok);
        const preview = json.json();
        expect(preview.plan).toMatchObject({ kind: 'ready', opportunityId: deal });
        expect(preview.writeback.length).toBeGreaterThan(0);
        expect(await env.invoicesFor(deal)).toEqual([]);
        const text = await cli(['plan', deal]);
        expect(text.stdout).toMatch(/would be invoiced to .+ total \d+\.\d\d/s);
        expect(text.stdout).toContain('nothing was written');
        expect((await cli(['plan'])).code).toBe(EXIT.usage);
        const missing = await cli(['plan', deal, '--connection', 'nope', '--json']);
        expect(missing.code).toBe(EXIT.notFound);
        expect(missing.json()).toEqual({
            error: { code: 'not_found', message: 'no such connection' }
        });
    });

    it('dlq: lists the dead letters, retries one, then all, and says when a job is not dead', async () => {
        const first = await deadJob('corr-dlq-1');
        const second = await deadJob('corr-dlq-2');
        const list = await cli(['dlq', 'list', '--json']);
        expect(list.code).toBe(EXIT.ok);
        expect(list.json().jobs.map((j: { id: string }) => j.id)).toEqual([second, first]);
        expect((await cli(['dlq', 'list'])).stdout).toContain('Zoho said no');

        const one = await cli(['dlq', 'retry', first, '--json']);
        expect(one.code).toBe(EXIT.ok);
        expect(one.json().job).toMatchObject({ id: first, state: 'queued' });
        expect((await cli(['dlq', 'retry', first])).code).toBe(EXIT.conflict);
        expect((await cli(['dlq', 'retry', '99999999'])).code).toBe(EXIT.notFound);

        const all = await cli(['dlq', 'retry', '--all', '--json']);
        expect(all.code).toBe(EXIT.ok);
        expect(all.json()).toMatchObject({ retried: [{ id: second }], failed: [] });
        expect((await getJob(env.db, second))?.state).toBe('queued');
        expect((await cli(['dlq', 'list', '--json'])).json().jobs).toEqual([]);
        const third = await deadJob('corr-dlq-3');
        expect((await cli(['dlq', 'retry', '--all'], readOnlyKey)).code).toBe(EXIT.refused);
        expect((await getJob(env.db, third))?.state).toBe('dead');
    });

    it('journal and replay: finds the failed write by correlation id and runs its job again', async () => {
        const job = await deadJob('corr-replay');
        const entry = await recordWrite(env.db, {
            connectionId: env.connectionId,
            correlationId: 'corr-replay',
            actor: `job:${job}`,
            target: 'zoho',
            operation: 'zoho.invoice.create',
            requestDigest: digestRequest({ job }),
            outcome: 'error'
        });
        const found = await cli(['journal', '--correlation-id', 'corr-replay', '--json']);
        expect(found.code).toBe(EXIT.ok);
        expect(found.json()).toEqual({
            entries: [expect.objectContaining({ id: entry, outcome: 'error' })],
            nextBefore: null
        });
        expect((await cli(['journal', '--correlation-id', 'corr-replay'])).stdout).toContain(
            'zoho.invoice.create'
        );

        expect((await cli(['replay', entry], readOnlyKey)).code).toBe(EXIT.refused);
        const replayed = await cli(['replay', entry, '--json']);
        expect(replayed.code).toBe(EXIT.ok);
        expect(replayed.json().job).toMatchObject({ id: job, state: 'queued' });
        expect((await cli(['replay', entry])).code).toBe(EXIT.conflict);
        expect((await cli(['replay', 'abc'])).code).toBe(EXIT.usage);
    });

    it('reconcile: a won deal matches on both sides', async () => {
        const deal = env.seed.opportunities[1]!.salesforceId;
        env.closeDeals([deal]);
        await env.waitFor(
            () => env.opportunity(deal).Zoho_Invoice_Id__c as string | undefined,
            20_000,
            'write-back'
        );
        const since = new Date(env.clock.now() - 86_400_000).toISOString().slice(0, 10);
        const json = await cli(['reconcile', '--since', since, '--json']);
        expect(json.code).toBe(EXIT.ok);
        expect(json.json().summary).toMatchObject({
            matching: 1,
            differing: 0,
            missingInZoho: 0,
            missingInSalesforce: 0
        });
        expect((await cli(['reconcile', '--since', since])).stdout).toContain('1 match, 0 differ');
        expect((await cli(['reconcile', '--since', 'yesterday'])).code).toBe(EXIT.usage);
    });

    it('revenue backfill: queues the months from --from through this month and waits for the job', async () => {
        const thisMonth = new Date(env.clock.now()).toISOString().slice(0, 7);
        const queued = await cli(['revenue', 'backfill', '--from', thisMonth, '--json']);
        expect(queued.code).toBe(EXIT.ok);
        expect(queued.json()).toMatchObject({
            months: 1,
            through: thisMonth,
            job: { kind: 'salesforce.revenue.summarize' }
        });
        const waited = await cli(['revenue', 'backfill', '--from', thisMonth, '--wait', '--json']);
        expect(waited.code).toBe(EXIT.ok);
        expect(waited.json().job.state).toBe('done');
        expect((await cli(['revenue', 'backfill', '--from', '2020-13'])).code).toBe(EXIT.usage);
        expect((await cli(['revenue', 'backfill', '--from', '1990-01'])).code).toBe(EXIT.usage);
    });

    it('connections: lists, disables and enables over the admin API', async () => {
        const list = await cli(['connections', 'list', '--json']);
        expect(list.json().connections).toEqual([
            expect.objectContaining({ id: env.connectionId, status: 'active' })
        ]);
        const disabled = await cli(['connections', 'disable', env.connectionId, '--json']);
        expect(disabled.json()).toEqual({
            connection: { id: env.connectionId, status: 'disabled' }
        });
        expect((await cli(['connections', 'enable', env.connectionId])).stdout).toBe(
            `${env.connectionId}  active\n`
        );
        expect((await cli(['connections', 'disable', 'nope'])).code).toBe(EXIT.notFound);
        expect((await cli(['connections', 'explode', 'x'])).code).toBe(EXIT.usage);
    });

    it('connect: prints the Zoho consent URL and returns once the consent has reached the companion', async () => {
        let consented = false;
        notes = [];
        const run = cli(['connect', '--json']);
        onSleep = async () => {
            if (consented) return;
            consented = true;
            const url = notes.find((line) => line.startsWith('http'))?.trim() ?? '';
            const consent = await fetch(url, { redirect: 'manual' });
            const callback = new URL(consent.headers.get('location') ?? '');
            const answer = await fetch(`${env.server.url}${callback.pathname}${callback.search}`);
            expect(answer.status).toBe(200);
        };
        const done = await run;
        onSleep = undefined;
        expect(done.code).toBe(EXIT.ok);
        expect(done.json()).toMatchObject({
            connection: { status: 'active' },
            zohoOrganizations: [env.zohoOrg]
        });
    });

    it('refuses a missing or unknown key (4), an unknown command or flag (2); keys and rotate-key run on the database', async () => {
        expect((await cli(['status'], '')).code).toBe(EXIT.refused);
        const wrong = await cli(['status', '--json'], 'cbk_wrong');
        expect(wrong.code).toBe(EXIT.refused);
        expect(wrong.json().error.code).toBe('unauthorized');
        expect((await cli(['explode'])).code).toBe(EXIT.usage);
        expect((await cli(['status', '--bogus'])).code).toBe(EXIT.usage);
        expect((await cli(['status', '--url', 'http://127.0.0.1:1'])).code).toBe(EXIT.failed);
        expect((await cli(['keys', 'list', '--json'])).code).toBe(0);
        expect(local).toEqual([{ command: 'keys', args: ['list', '--json'] }]);
    });

    it('runs as the closebooks bin: one JSON document on stdout, the exit code for scripts', async () => {
        const run = promisify(execFile);
        const envVars = {
            ...process.env,
            CLOSEBOOKS_URL: env.server.url,
            CLOSEBOOKS_ADMIN_KEY: key
        };
        const ok = await run(process.execPath, [BIN, 'status', '--json'], { env: envVars });
        expect(JSON.parse(ok.stdout).connections[0].id).toBe(env.connectionId);
        const refused = await run(process.execPath, [BIN, 'dlq', 'list', '--json'], {
            env: { ...envVars, CLOSEBOOKS_ADMIN_KEY: 'cbk_wrong' }
        }).catch((error: { code: number; stdout: string }) => error);
        expect('code' in refused ? refused.code : 0).toBe(EXIT.refused);
        expect(JSON.parse(refused.stdout).error.code).toBe('unauthorized');
    });
});
