import { describe, expect, it } from 'vitest';

import type { JobContext } from '../jobs/worker.ts';
import { createLogger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Job } from '../store/jobs.ts';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from './flow-settings.ts';
import { sweepJobHandler, type SweepMeta } from './sweeps.ts';

const job = (connectionId: string | null): Job => ({
    id: '41',
    connectionId,
    kind: 'salesforce.payment.sweep',
    partitionKey: `salesforce:${connectionId}`,
    payload: { slot: 1 },
    state: 'running',
    attempts: 1,
    maxAttempts: 3,
    runAfter: new Date(0),
    lastError: null,
    lockedBy: 'w',
    dedupeKey: null,
    correlationId: 'corr-1'
});

/** The handler over fixed settings; what it ran and what its job logged. */
function handlerWith(settings: Partial<FlowSettings>) {
    const runs: [string, SweepMeta][] = [];
    const lines: string[] = [];
    const handle = sweepJobHandler({
        settings: { get: async () => ({ ...DEFAULT_FLOW_SETTINGS, ...settings }) },
        enabled: (s) => s.paymentsEnabled,
        off: 'payments flow is switched off: no sweep',
        run: async (connectionId, meta) => {
            runs.push([connectionId, meta]);
        }
    });
    const ctx: JobContext = {
        db: {} as Db,
        log: createLogger('info', { write: (line: string) => lines.push(line) }),
        signal: new AbortController().signal,
        workerId: 'w'
    };
    return { handle: (j: Job) => handle(j, ctx), runs, lines };
}

describe('sweepJobHandler', () => {
    it("runs the sweep for the job's connection, as the job", async () => {
        const h = handlerWith({});
        await h.handle(job('conn-1'));
        expect(h.runs).toEqual([['conn-1', { actor: 'job:41', correlationId: 'corr-1' }]]);
    });

    it('runs nothing and says why while the flow is switched off', async () => {
        const h = handlerWith({ paymentsEnabled: false });
        await h.handle(job('conn-1'));
        expect(h.runs).toEqual([]);
        expect(h.lines.map((l) => JSON.parse(l).msg)).toEqual([
            'payments flow is switched off: no sweep'
        ]);
    });

    it('runs nothing for a job without a connection', async () => {
        const h = handlerWith({});
        await h.handle(job(null));
        expect(h.runs).toEqual([]);
    });
});
