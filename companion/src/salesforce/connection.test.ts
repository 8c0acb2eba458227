import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { listen } from '../../test/support/serve.ts';
import { servedSalesforce } from '../../test/support/salesforce-org.ts';
import { SalesforceApiError, SalesforceAuthError, SalesforceLimitError } from './errors.ts';
import { queryAll } from './query.ts';
import { soql } from './soql.ts';

const idRow = z.looseObject({ Id: z.string() });
const anyAccount = soql`SELECT Id FROM Account LIMIT 1`;

describe('createSalesforceClient', () => {
    let org: Awaited<ReturnType<typeof servedSalesforce>>;
    beforeAll(async () => {
        org = await servedSalesforce();
    });
    afterAll(() => org.close());

    it('signs in by refresh token, then renews an expired session without the caller noticing', async () => {
        const saved: string[] = [];
        const client = org.client({ onRefresh: (token) => void saved.push(token) });
        await queryAll(client, anyAccount, idRow);
        expect(saved).toHaveLength(1);

        expect(org.sandbox.expireSessions(org.orgId)).toBeGreaterThan(0);
        await expect(queryAll(client, anyAccount, idRow)).resolves.toMatchObject({
            totalSize: 0
        });
        expect(saved).toHaveLength(2);
        expect(saved[1]).not.toBe(saved[0]);
    });

    it('renews an expired session once for several calls in flight', async () => {
        const saved: string[] = [];
        const client = org.client({ onRefresh: (token) => void saved.push(token) });
        await queryAll(client, anyAccount, idRow);
        org.sandbox.expireSessions(org.orgId);
        await Promise.all(Array.from({ length: 5 }, () => queryAll(client, anyAccount, idRow)));
        expect(saved).toHaveLength(2);
    });

    it('starts from a kept access token without refreshing', async () => {
        const first: string[] = [];
        await queryAll(org.client({ onRefresh: (t) => void first.push(t) }), anyAccount, idRow);
        const refreshed: string[] = [];
        const client = org.client({
            tokens: {
                refreshToken: async () => org.credentials.refresh_token,
                accessToken: async () => first[0]
            },
            onRefresh: (t) => void refreshed.push(t)
        });
        await queryAll(client, anyAccount, idRow);
        expect(refreshed).toEqual([]);
    });

    it('fails with SalesforceAuthError invalid_grant when the refresh token is refused', async () => {
        const client = org.client({ tokens: { refreshToken: async () => 'revoked' } });
        const error = await queryAll(client, anyAccount, idRow).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SalesforceAuthError);
        expect(error).toMatchObject({
            code: 'salesforce_auth_failed',
            errorCode: 'invalid_grant',
            retryable: false
        });
    });

    it('fails with SalesforceAuthError when an expired session cannot be renewed', async () => {
        let refreshToken = org.credentials.refresh_token;
        const client = org.client({ tokens: { refreshToken: async () => refreshToken } });
        await queryAll(client, anyAccount, idRow);
        org.sandbox.expireSessions(org.orgId);
        refreshToken = 'revoked';
        await expect(queryAll(client, anyAccount, idRow)).rejects.toMatchObject({
            name: 'SalesforceAuthError',
            errorCode: 'invalid_grant'
        });
    });

    it('maps REQUEST_LIMIT_EXCEEDED to a retryable SalesforceLimitError', async () => {
        const client = org.client();
        org.sandbox.setFaults(org.orgId, { requestLimitExceeded: true });
        try {
            const error = await queryAll(client, anyAccount, idRow).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(SalesforceLimitError);
            expect(error).toMatchObject({
                code: 'salesforce_limit_exceeded',
                errorCode: 'REQUEST_LIMIT_EXCEEDED',
                status: 403,
                retryable: true
            });
        } finally {
            org.sandbox.setFaults(org.orgId, { requestLimitExceeded: false });
        }
    });

    it('does not let jsforce retry a 503 on GET: one attempt, a retryable error with its status', async () => {
        const client = org.client();
        await queryAll(client, anyAccount, idRow);
        // Only one 503 is injected: had jsforce retried, the call would have succeeded.
        org.sandbox.setFaults(org.orgId, { serverErrors: { status: 503, count: 1 } });
        const error = await queryAll(client, anyAccount, idRow).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SalesforceApiError);
        expect(error).toMatchObject({
            errorCode: 'SERVER_UNAVAILABLE',
            status: 503,
            retryable: true
        });
        await expect(queryAll(client, anyAccount, idRow)).resolves.toBeDefined();
    });

    it('reports a bad query as a non-retryable SalesforceApiError with status 400', async () => {
        const error = await queryAll(org.client(), soql`SELECT Nope__c FROM Account`, idRow).catch(
            (e: unknown) => e
        );
        expect(error).toMatchObject({
            code: 'salesforce_api_error',
            errorCode: 'INVALID_FIELD',
            status: 400,
            retryable: false
        });
    });

    it('reads API usage from the Sforce-Limit-Info header, and reports each reading', async () => {
        const readings: unknown[] = [];
        const client = org.client({ onUsage: (usage) => readings.push(usage) });
        expect(client.usage()).toBeUndefined();
        await queryAll(client, anyAccount, idRow);
        const { used, limit } = org.sandbox.usage(org.orgId);
        expect(client.usage()).toEqual({ used, max: limit });
        expect(readings.at(-1)).toEqual({ used, max: limit });
    });

    it('keeps working when persisting the new access token fails', async () => {
        const client = org.client({
            onRefresh: () => Promise.reject(new Error('database down'))
        });
        await expect(queryAll(client, anyAccount, idRow)).resolves.toMatchObject({
            totalSize: 0
        });
    });

    it('maps a refused connection to a retryable CONNECTION_FAILED, without jsforce retries', async () => {
        const gone = await listen(new Hono());
        await gone.close();
        const client = org.client({
            instanceUrl: gone.url,
            tokens: { refreshToken: async () => 'unused', accessToken: async () => 'kept' }
        });
        const before = Date.now();
        const error = await queryAll(client, anyAccount, idRow).catch((e: unknown) => e);
        expect(Date.now() - before).toBeLessThan(490); // jsforce's first retry waits 500 ms
        expect(error).toMatchObject({ errorCode: 'CONNECTION_FAILED', retryable: true });
    });

    it('uses the explicit API version, 65.0 by default', () => {
        expect(org.client().apiVersion).toBe('65.0');
        expect(org.client({ apiVersion: '66.0' }).apiVersion).toBe('66.0');
    });
});
