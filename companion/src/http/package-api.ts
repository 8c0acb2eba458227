import { Hono } from 'hono';
import { z } from 'zod';

import { listZohoOrganizations } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { type Job } from '../store/jobs.ts';
import { getJob, listJobs, retryDeadJob } from '../store/jobs-admin.ts';
import type { Keyring } from '../security/vault.ts';
import { keyFieldNotices } from '../zoho/key-fields.ts';
import type { ZohoRateLimiter } from '../zoho/rate-limiter.ts';
import type { ReconciliationReader } from '../sync/reconciliation/read.ts';
import { packageReconciliation } from './admin-reconciliation.ts';
import { requireConnection, type ConnectionEnv } from './connection-auth.ts';
import { errorBody } from './errors.ts';

const jobIdSchema = z.string().regex(/^\d{1,18}$/);

/** The Salesforce record a job is about, when its payload names one. */
function recordIdOf(job: Job): string | null {
    const payload = job.payload as { event?: { recordId?: unknown }; recordId?: unknown } | null;
    const id = payload?.event?.recordId ?? payload?.recordId;
    return typeof id === 'string' ? id : null;
}

/**
 * `/v1/package`: what the package's setup page reads and does through its Named Credential, for
 * its own connection only (the admin API under `/v1/admin` is for operators and takes API keys).
 */
export function packageRoutes(deps: {
    db: Db;
    keyring: Keyring;
    zohoLimiter: ZohoRateLimiter;
    reconciliation?: ReconciliationReader | undefined;
}) {
    return new Hono<ConnectionEnv>()
        .use(requireConnection(deps))
        .get('/connection', async (c) => {
            const connection = c.get('connection');
            const organizations = await listZohoOrganizations(deps.db, connection.id);
            const main = organizations.find((o) => o.isDefault);
            return c.json({
                connected: connection.status === 'active' && main !== undefined,
                organizationId: main?.organizationId ?? null,
                organizationName: null,
                region: main?.region ?? null,
                connectedAt: connection.createdAt.toISOString(),
                keyFields: main?.keyFields
                    ? { ...main.keyFields, checkedAt: main.keyFields.checkedAt.toISOString() }
                    : null,
                notices: keyFieldNotices(main?.keyFields ?? null)
            });
        })
        .get('/reconciliation', packageReconciliation(deps))
        .get('/dead-letters', async (c) => {
            const jobs = await listJobs(deps.db, {
                state: 'dead',
                connectionId: c.get('connection').id,
                limit: 200
            });
            const items = jobs.map((job) => ({
                id: job.id,
                kind: job.kind,
                recordId: recordIdOf(job),
                lastError: job.lastError,
                failedAt: job.runAfter.toISOString(),
                attempts: job.attempts
            }));
            return c.json({ items });
        })
        .post('/dead-letters/:id/retry', async (c) => {
            const id = jobIdSchema.safeParse(c.req.param('id'));
            const job = id.success ? await getJob(deps.db, id.data) : undefined;
            if (!job || job.connectionId !== c.get('connection').id) {
                return c.json(
                    errorBody('not_found', 'no such dead letter for this connection'),
                    404
                );
            }
            if (job.state !== 'dead')
                return c.json(
                    errorBody('conflict', `job ${job.id} is ${job.state}, not dead`),
                    409
                );
            await retryDeadJob(deps.db, job.id);
            return c.json({ id: job.id, state: 'queued' });
        })
        .get('/budget', async (c) => {
            const organizations = await listZohoOrganizations(deps.db, c.get('connection').id);
            const main = organizations.find((o) => o.isDefault);
            if (!main)
                return c.json({
                    dailyLimit: null,
                    usedToday: 0,
                    perMinuteLimit: null,
                    usedLastMinute: 0,
                    resetsAt: null
                });
            const usage = await deps.zohoLimiter.usage(main.organizationId);
            return c.json({
                dailyLimit: usage.limits.perDay,
                usedToday: usage.lastDay,
                perMinuteLimit: usage.limits.perMinute,
                usedLastMinute: usage.lastMinute,
                // The window is a rolling 24 hours: Zoho does not document when its day resets.
                resetsAt: null
            });
        });
}
