import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb, type TestDb } from '../../test/support/test-db.ts';
import { generateMasterKey, keyring as makeKeyring } from '../../src/security/vault.ts';
import { listZohoOrganizations, zohoPlanName } from '../../src/store/connections.ts';
import { createPlanLimits } from '../../src/zoho/plans.ts';
import { createSandboxClock } from '../clock.ts';
import { joinSandboxConnection, readZohoPlanName, sandboxZoho } from './join.ts';
import { startSandboxPair, type SandboxPair } from './sandbox-mode.ts';

describe('the sandbox join stores the Zoho plan the organization reports', () => {
    let t: TestDb;
    let pair: SandboxPair;
    const clock = createSandboxClock({ startAt: Date.parse('2026-02-01T09:00:00Z') });
    beforeAll(async () => {
        t = await createTestDb();
        pair = await startSandboxPair({ clock });
    });
    afterAll(async () => {
        await pair.close();
        await t.drop();
    });

    const joinPlan = async (plan: 'premium' | 'professional') => {
        const zoho = pair.zoho.sandbox.createOrg({ name: `On ${plan}`, plan }, pair.zoho.url);
        // One connection per Salesforce org: each join brings its own.
        const salesforce = pair.salesforce.sandbox.createOrg({
            name: `On ${plan}`,
            instanceUrl: pair.salesforce.url
        });
        const { connectionId } = await joinSandboxConnection(
            { db: t.db, keyring: makeKeyring(generateMasterKey()) },
            {
                name: `Join ${plan}`,
                zoho,
                salesforce,
                salesforceSandbox: pair.salesforce.sandbox,
                companionUrl: 'http://127.0.0.1:9'
            }
        );
        return { connectionId, organizationId: zoho.organization_id };
    };

    it('gives the companion the daily budget of a Premium organization, not a Standard one', async () => {
        const { connectionId, organizationId } = await joinPlan('premium');
        const [org] = await listZohoOrganizations(t.db, connectionId);
        expect(org?.planName).toMatch(/premium/i);
        expect(await zohoPlanName(t.db, organizationId)).toBe(org?.planName);
        const limits = await createPlanLimits({ db: t.db, clock })(organizationId);
        expect(limits.perDay).toBe(10_000);
    });

    it('reads each organization on its own: a Professional one gets 5,000 a day', async () => {
        const { organizationId } = await joinPlan('professional');
        const limits = await createPlanLimits({ db: t.db, clock })(organizationId);
        expect(limits.perDay).toBe(5_000);
    });

    /** The companion's Zoho connect for an organization, as production builds it. */
    const connectFor = (zoho: { client_id: string; client_secret: string; api_domain: string }) =>
        sandboxZoho({
            db: t.db,
            clock,
            log: pino({ level: 'silent' }),
            client: { id: zoho.client_id, secret: zoho.client_secret },
            apiDomain: zoho.api_domain
        }).zohoConnect;

    it('reads the plan with a refreshed token when the access token has expired', async () => {
        const zoho = pair.zoho.sandbox.createOrg(
            { name: 'Expired', plan: 'premium' },
            pair.zoho.url
        );
        expect(
            await readZohoPlanName(connectFor(zoho), { ...zoho, access_token: 'expired-token' })
        ).toMatch(/premium/i);
    });

    it('refuses to join when Zoho refuses the refresh token too, instead of guessing a plan', async () => {
        const zoho = pair.zoho.sandbox.createOrg({ name: 'Refused' }, pair.zoho.url);
        await expect(
            readZohoPlanName(connectFor(zoho), {
                ...zoho,
                access_token: 'not-a-token',
                refresh_token: 'revoked'
            })
        ).rejects.toThrow(/invalid_code/);
    });
});
