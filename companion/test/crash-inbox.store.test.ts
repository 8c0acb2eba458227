import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import {
    EVENT_HEADERS,
    EVENTS_PATH,
    type SalesforceEventBatch
} from '../src/contracts/salesforce-events.ts';
import { generateMasterKey, keyring } from '../src/security/vault.ts';
import { createConnection } from '../src/store/connections.ts';
import { openPglite, type Db } from '../src/store/db.ts';
import { WRITEBACK_FLUSH_JOB } from '../src/store/writeback-flush.ts';
import { migrate } from '../src/store/migrate.ts';
import { putSecret } from '../src/store/secrets.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const FIXTURE = new URL('../../config/contracts/fixtures/opportunity-won.v1.json', import.meta.url);
const SECRET = 'event-secret-for-the-crash-test';

function startCompanion(env: Record<string, string>) {
    const child = spawn('node', ['--import', 'tsx', MAIN], {
        env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env },
        stdio: ['ignore', 'ignore', 'pipe']
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const url = new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
            const match = /listening on (http:\/\/\S+)/.exec(stderr);
            if (match?.[1]) {
                clearInterval(timer);
                resolve(match[1]);
            } else if (child.exitCode !== null) {
                clearInterval(timer);
                reject(new Error(stderr));
            }
        }, 25);
    });
    return { child, url, exited };
}

describe(`a companion killed while events arrive (${testBackend})`, () => {
    let t: TestDb | undefined;
    let dataDir = '';
    afterAll(async () => {
        await t?.drop();
        await rm(dataDir, { recursive: true, force: true });
    });

    it('keeps every event it acknowledged with 202', async () => {
        const masterKey = generateMasterKey();
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-crash-inbox-'));
        const env: Record<string, string> = {
            CLOSEBOOKS_MASTER_KEY: masterKey,
            CLOSEBOOKS_DATA_DIR: dataDir
        };
        let db: Db;
        if (testBackend === 'postgres') {
            t = await createTestDb();
            env.DATABASE_URL = t.url ?? '';
            db = t.db;
        } else {
            db = await openPglite(dataDir);
        }
        const template: SalesforceEventBatch = JSON.parse(await readFile(FIXTURE, 'utf8'));
        await migrate(db);
        const { id: connectionId } = await createConnection(db, {
            name: 'Acme',
            salesforceOrgId: template.orgId
        });
        await putSecret(db, keyring(masterKey), { connectionId, kind: 'event_secret' }, SECRET);
        if (testBackend === 'pglite') await db.close();

        const companion = startCompanion(env);
        const url = await companion.url;
        const acknowledged: string[] = [];
        const sending = (async () => {
            for (let i = 0; i < 10_000; i++) {
                const event = {
                    ...template.events[0]!,
                    eventId: `006Hs00001AbCdEIAV:opportunity.won:${i}`
                };
                const res = await fetch(`${url}${EVENTS_PATH}`, {
                    method: 'POST',
                    headers: {
                        'content-type': 'application/json',
                        [EVENT_HEADERS.connection]: connectionId,
                        [EVENT_HEADERS.secret]: SECRET
                    },
                    body: JSON.stringify({ ...template, batchId: `b${i}`, events: [event] })
                }).catch(() => undefined);
                if (!res) return;
                if (res.status === 202) acknowledged.push(event.eventId);
            }
        })();
        while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 10));
        companion.child.kill('SIGKILL');
        await companion.exited;
        await sending;

        const check = testBackend === 'postgres' ? t!.db : await openPglite(dataDir);
        const rows = await check.query<{ source_event_id: string }>(
            'SELECT source_event_id FROM inbox'
        );
        // One job per stored event; the write-back flush jobs the runs started are not events.
        const jobs = await check.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM jobs WHERE kind <> $1',
            [WRITEBACK_FLUSH_JOB]
        );
        if (testBackend === 'pglite') await check.close();
        const stored = new Set(rows.map((r) => r.source_event_id));
        expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
        expect(jobs[0]?.n).toBe(rows.length);

        // And it starts again on the same data after the crash.
        const again = startCompanion(env);
        const health = await fetch(`${await again.url}/readyz`);
        expect(health.status).toBe(200);
        again.child.kill('SIGTERM');
        await again.exited;
    });
});
