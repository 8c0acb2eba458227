import { describe, expect, it } from 'vitest';

import { testBackend } from '../test/support/test-db.ts';
import { runIngest } from './ingest.ts';
import { runWebhookLatency } from './webhook.ts';

/**
 * The webhook and ingest scenarios in short, as a smoke test of their correctness only (never
 * of their timings, which depend on the machine): every payment recorded in Zoho reaches the
 * Salesforce Opportunity through the webhook; every webhook the door accepted is stored once.
 */

const databaseUrl = process.env.CLOSEBOOKS_TEST_DATABASE_URL;
const onServer = testBackend === 'postgres' && databaseUrl ? { databaseUrl } : {};

describe(`bench webhook and ingest scenarios, short (${testBackend})`, () => {
    it('brings each of three Zoho payments to its Salesforce Opportunity by webhook', async () => {
        const figures = await runWebhookLatency({
            backend: testBackend,
            events: 3,
            gapMs: 50,
            scale: 5,
            ...onServer
        });
        expect(figures).toMatchObject({ events: 3, samples: 3, missed: 0 });
    });

    it('stores every webhook the door accepted exactly once under a second of load', async () => {
        const figures = await runIngest({
            backend: testBackend,
            connections: 4,
            warmupMs: 0,
            durationMs: 1_000,
            ...onServer
        });
        expect(figures.accepted).toBeGreaterThan(0);
        expect(figures).toMatchObject({
            stored: figures.accepted,
            jobs: figures.accepted,
            lost: 0,
            duplicates: 0,
            errors: 0,
            exactly_once: true
        });
    });
});
