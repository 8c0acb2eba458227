import { readFile } from 'node:fs/promises';

import { beforeEach, describe, expect, it } from 'vitest';

import { adminKeys } from '../../test/support/admin-keys.ts';
import { freshStore } from '../../test/support/store-fixture.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { testBackend, useTestDb } from '../../test/support/test-db.ts';
import { EVENT_HEADERS, EVENTS_PATH } from '../contracts/salesforce-events.ts';
import { createApiKey, revokeApiKey } from '../store/api-keys.ts';
import { addZohoOrganization, recordKeyFields } from '../store/connections.ts';
import { claim, enqueue, failJob } from '../store/jobs.ts';
import { digestRequest, recordWrite } from '../store/journal.ts';

const FIXTURE = new URL(
    '../../../config/contracts/fixtures/opportunity-won.v1.json',
    import.meta.url
);
const batch = JSON.parse(await readFile(FIXTURE, 'utf8'));

describe(`admin API (${testBackend})`, () => {
    const t = useTestDb();
    let app: ReturnType<typeof createTestApp>['app'];
    let readKey = '';
    let writeKey = '';
    let metricsKey = '';

    const call = (path: string, key: string, init: RequestInit = {}) =>
        app.request(path, {
            ...init,
            headers: {
                authorization: `Bearer ${key}`,
                'content-type': 'application/json',
                ...init.headers
            }
        });

    beforeEach(async () => {
        await freshStore(t, {});
        app = createTestApp(t.db).app;
        ({ readKey, writeKey } = await adminKeys(t.db));
        metricsKey = (await createApiKey(t.db, { name: 'prometheus', scopes: ['metrics:read'] }))
            .token;
    });

    it.each([
        { name: 'no key', key: '', status: 401 },
        { name: 'a malformed key', key: 'cbk_nope', status: 401 },
        { name: 'a key with a wrong secret', key: 'wrong', status: 401 }
    ])('refuses $name with $status', async ({ key, status }) => {
        const token =
            key === 'wrong' ? `${readKey.slice(0, -1)}${readKey.endsWith('A') ? 'B' : 'A'}` : key;
        const res = await call('/v1/admin/connections', token);
        expect(res.status).toBe(status);
        expect((await res.json()).error.code).toBe('unauthorized');
    });

    it('refuses a revoked key, and a key without the scope', async () => {
        const { key, token } = await createApiKey(t.db, { name: 'old', scopes: ['admin:read'] });
        await revokeApiKey(t.db, key.id);
        expect((await call('/v1/admin/connections', token)).status).toBe(401);
        const res = await call('/v1/admin/connections', readKey, {
            method: 'POST',
            body: JSON.stringify({ name: 'x', salesforceOrgId: batch.orgId })
        });
        expect(res.status).toBe(403);
        expect((await call('/v1/admin/connections', metricsKey)).status).toBe(403);
    });

    it('creates a connection whose event secret opens the Salesforce events door', async () => {
        const res = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: JSON.stringify({
                name: 'Acme',
                salesforceOrgId: batch.orgId,
                salesforceInstanceUrl: 'https://acme.my.salesforce.com'
            })
        });
        expect(res.status).toBe(201);
        const { connection, eventSecret, webhookSecret } = await res.json();
        expect(webhookSecret).toMatch(/^[a-f0-9]{40}$/);
        expect(connection).toMatchObject({
            name: 'Acme',
            status: 'pending',
            salesforceOrgId: batch.orgId
        });

        const events = await app.request(EVENTS_PATH, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                [EVENT_HEADERS.connection]: connection.id,
                [EVENT_HEADERS.secret]: eventSecret
            },
            body: JSON.stringify(batch)
        });
        expect(events.status).toBe(202);

        const again = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: JSON.stringify({ name: 'Again', salesforceOrgId: batch.orgId })
        });
        expect(again.status).toBe(409);
        const list = await (await call('/v1/admin/connections', readKey)).json();
        expect(list.connections.map((c: { id: string }) => c.id)).toEqual([connection.id]);
        const one = await call(`/v1/admin/connections/${connection.id}`, readKey);
        expect(await one.json()).toMatchObject({
            connection: { id: connection.id },
            zohoOrganizations: []
        });
        expect((await call('/v1/admin/connections/unknown', readKey)).status).toBe(404);
    });

    it('shows per organization whether the Salesforce-id field exists, and what to create', async () => {
        const created = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: JSON.stringify({ name: 'Acme', salesforceOrgId: batch.orgId })
        });
        const { connection } = await created.json();
        await addZohoOrganization(t.db, {
            connectionId: connection.id,
            organizationId: '10234695',
            region: 'eu'
        });
        const orgs = async () =>
            (await (await call(`/v1/admin/connections/${connection.id}`, readKey)).json())
                .zohoOrganizations;
        expect(await orgs()).toEqual([expect.objectContaining({ keyFields: null, notices: [] })]);
        const at = new Date(Date.UTC(2026, 10, 25));
        await recordKeyFields(t.db, '10234695', { invoice: false, contact: true }, at);
        const [org] = await orgs();
        expect(org.keyFields).toEqual({
            invoice: false,
            contact: true,
            checkedAt: at.toISOString()
        });
        expect(org.notices).toEqual([expect.stringContaining('Settings → Preferences → Invoices')]);
    });

    it.each([
        { name: 'a short org id', body: { name: 'x', salesforceOrgId: '00D123' } },
        {
            name: 'an unknown field',
            body: { name: 'x', salesforceOrgId: batch.orgId, admin: true }
        },
        {
            name: 'a non-http instance URL',
            body: {
                name: 'x',
                salesforceOrgId: batch.orgId,
                salesforceInstanceUrl: 'javascript:alert(1)'
            }
        }
    ])('answers 400 with details for $name', async ({ body }) => {
        const res = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: JSON.stringify(body)
        });
        expect(res.status).toBe(400);
        const json = await res.json();
        expect(json.error.code).toBe('validation_failed');
        expect(json.error.details.length).toBeGreaterThan(0);
    });

    it('answers malformed JSON with 400 and a missing JSON media type with 415, not 500', async () => {
        const malformed = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: '{'
        });
        expect(malformed.status).toBe(400);
        expect((await malformed.json()).error.code).toBe('validation_failed');
        const form = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: 'name=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' }
        });
        expect(form.status).toBe(415);
        expect((await form.json()).error.code).toBe('unsupported_media_type');
        // Found by the doors fuzz test: no media type at all used to skip validation (500).
        const bare = await call('/v1/admin/connections', writeKey, {
            method: 'POST',
            body: '',
            headers: { 'content-type': '' }
        });
        expect(bare.status).toBeGreaterThanOrEqual(400);
        expect(bare.status).toBeLessThan(500);
    });

    it('lists dead letters and retries one', async () => {
        const { job } = await enqueue(t.db, {
            kind: 'zoho.invoice.create',
            partitionKey: 'zoho:1',
            maxAttempts: 1
        });
        const claimed = await claim(t.db, { workerId: 'w', leaseMs: 60_000 });
        await failJob(t.db, claimed!, 'w', {
            message: 'tax code EU-9 is not mapped',
            retryable: false
        });

        const dead = await (await call('/v1/admin/jobs?state=dead', readKey)).json();
        expect(dead.jobs).toEqual([
            expect.objectContaining({
                id: job.id,
                state: 'dead',
                lastError: 'tax code EU-9 is not mapped'
            })
        ]);
        expect(
            (await call(`/v1/admin/jobs/${job.id}/retry`, readKey, { method: 'POST' })).status
        ).toBe(403);
        const retried = await call(`/v1/admin/jobs/${job.id}/retry`, writeKey, { method: 'POST' });
        expect(retried.status).toBe(200);
        expect((await retried.json()).job).toMatchObject({ state: 'queued', attempts: 0 });
        expect(
            (await call(`/v1/admin/jobs/${job.id}/retry`, writeKey, { method: 'POST' })).status
        ).toBe(409);
        expect(
            (await call('/v1/admin/jobs/999999/retry', writeKey, { method: 'POST' })).status
        ).toBe(404);
        expect((await call('/v1/admin/jobs?state=nope', readKey)).status).toBe(400);
    });

    it('pages through the journal', async () => {
        for (const operation of [
            'zoho.contact.create',
            'zoho.invoice.create',
            'salesforce.opportunity.update'
        ]) {
            await recordWrite(t.db, {
                connectionId: null,
                correlationId: 'c',
                actor: 'job:1',
                target: operation.startsWith('zoho') ? 'zoho' : 'salesforce',
                operation,
                requestDigest: digestRequest(operation),
                outcome: 'ok'
            });
        }
        const first = (await (await call('/v1/admin/journal?limit=2', readKey)).json()).entries;
        expect(first.map((e: { operation: string }) => e.operation)).toEqual([
            'salesforce.opportunity.update',
            'zoho.invoice.create'
        ]);
        const next = (
            await (await call(`/v1/admin/journal?limit=2&before=${first[1].id}`, readKey)).json()
        ).entries;
        expect(next.map((e: { operation: string }) => e.operation)).toEqual([
            'zoho.contact.create'
        ]);
    });

    it('queues a revenue summary backfill for a writer only, for a connection that exists', async () => {
        const created = await (
            await call('/v1/admin/connections', writeKey, {
                method: 'POST',
                body: JSON.stringify({ name: 'Acme', salesforceOrgId: '00D5g000004ABCDEAQ' })
            })
        ).json();
        const path = `/v1/admin/connections/${created.connection.id}/revenue-summary`;
        const body = JSON.stringify({ months: 12, through: '2026-10' });
        expect((await call(path, readKey, { method: 'POST', body })).status).toBe(403);
        expect(
            (
                await call('/v1/admin/connections/nope/revenue-summary', writeKey, {
                    method: 'POST',
                    body
                })
            ).status
        ).toBe(404);
        expect(
            (
                await call(path, writeKey, {
                    method: 'POST',
                    body: JSON.stringify({ months: 0 })
                })
            ).status
        ).toBe(400);
        const res = await call(path, writeKey, { method: 'POST', body });
        expect(res.status).toBe(202);
        const { job } = await res.json();
        expect(job).toMatchObject({
            kind: 'salesforce.revenue.summarize',
            connectionId: created.connection.id,
            state: 'queued'
        });
        const [row] = await t.db.query<{ payload: unknown }>(
            'SELECT payload FROM jobs WHERE id = $1',
            [job.id]
        );
        expect(row?.payload).toEqual({ run: { months: 12, through: '2026-10' } });
    });

    it('publishes an OpenAPI document of the admin routes', async () => {
        const doc = await (await app.request('/openapi.json')).json();
        expect(doc.openapi).toBe('3.1.0');
        expect(Object.keys(doc.paths).sort()).toEqual([
            '/connections',
            '/connections/{id}',
            '/connections/{id}/customer-conflicts',
            '/connections/{id}/customer-conflicts/{conflictId}/resolve',
            '/connections/{id}/customers/first-link',
            '/connections/{id}/customers/review',
            '/connections/{id}/customers/review/{reviewId}',
            '/connections/{id}/disable',
            '/connections/{id}/enable',
            '/connections/{id}/invoices/preview',
            '/connections/{id}/reconciliation',
            '/connections/{id}/revenue-summary',
            '/connections/{id}/salesforce/authorize',
            '/connections/{id}/salesforce/jwt',
            '/connections/{id}/zoho-organizations',
            '/connections/{id}/zoho-organizations/default',
            '/connections/{id}/zoho/authorize',
            '/jobs',
            '/jobs/{id}/retry',
            '/journal',
            '/journal/{id}',
            '/journal/{id}/replay',
            '/status'
        ]);
        expect(doc.components.securitySchemes.apiKey).toMatchObject({
            type: 'http',
            scheme: 'bearer'
        });
    });

    it('serves Prometheus metrics to a metrics:read key only', async () => {
        await enqueue(t.db, { kind: 'k', partitionKey: 'p' });
        expect((await call('/metrics', readKey)).status).toBe(403);
        const res = await call('/metrics', metricsKey);
        expect(res.status).toBe(200);
        const text = await res.text();
        expect(text).toContain('closebooks_jobs{state="queued"} 1');
        expect(text).toContain('closebooks_inbox_unprocessed 0');
    });
});
