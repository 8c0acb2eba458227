import { pino, type Logger } from 'pino';

import { createApp } from '../../src/app.ts';
import { systemClock, type Clock } from '../../src/clock.ts';
import type { SalesforceConnect } from '../../src/http/salesforce-oauth.ts';
import { createMetrics } from '../../src/metrics.ts';
import {
    generateMasterKey,
    keyring as makeKeyring,
    type Keyring
} from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';
import type { ZohoConnect } from '../../src/zoho/connect.ts';
import { createZohoRateLimiter } from '../../src/zoho/rate-limiter.ts';
import { limitsForPlan } from '../../src/zoho/rate-policy.ts';
import { ZOHO_DATA_CENTRES } from '../../src/zoho/regions.ts';

/** The companion's HTTP app on a test database, with a fresh keyring and silent logs (unless `log` is given). */
export function createTestApp(
    db: Db,
    options: {
        keyring?: Keyring;
        clock?: Clock;
        zohoConnect?: ZohoConnect;
        salesforceConnect?: SalesforceConnect;
        handledJobKinds?: ReadonlySet<string>;
        log?: Logger;
    } = {}
) {
    const keyring = options.keyring ?? makeKeyring(generateMasterKey());
    const clock = options.clock ?? systemClock;
    const metrics = createMetrics({ db, clock });
    const zohoConnect = options.zohoConnect ?? {
        oauth: undefined,
        endpoints: ZOHO_DATA_CENTRES,
        listOrganizations: async () => [],
        readKeyFields: async () => ({ invoice: true, contact: true })
    };
    const zohoLimiter = createZohoRateLimiter({
        db,
        clock,
        limitsFor: () => limitsForPlan('standard')
    });
    const log = options.log ?? pino({ level: 'silent' });
    const app = createApp({
        db,
        log,
        keyring,
        metrics,
        clock,
        zohoConnect,
        zohoLimiter,
        ...(options.salesforceConnect ? { salesforceConnect: options.salesforceConnect } : {}),
        ...(options.handledJobKinds ? { handledJobKinds: options.handledJobKinds } : {})
    });
    return { app, keyring, metrics, zohoLimiter, zohoConnect };
}
