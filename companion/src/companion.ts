import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { SALESFORCE_LOGIN_HOSTS } from './salesforce/oauth.ts';
import type { Keyring } from './security/vault.ts';
import type { Db } from './store/db.ts';
import { createZohoConnect } from './zoho/connect.ts';
import { createPlanLimits } from './zoho/plans.ts';
import { createZohoRateLimiter } from './zoho/rate-limiter.ts';
import { ZOHO_DATA_CENTRES, type EndpointTable } from './zoho/regions.ts';

export type CompanionOptions = {
    config: Config;
    db: Db;
    keyring: Keyring;
    log: Logger;
    /** Zoho's client and data centres in place of the config's (sandbox mode's simulator). */
    zoho?: { client: { id: string; secret: string }; endpoints: EndpointTable };
    /**
     * Counts, logs and passes each Zoho rate alert on to Salesforce: the serving companion does;
     * a side process (the MCP stdio entry) leaves that to it.
     */
    publishAlerts: boolean;
};

/**
 * The companion on an open store, as every entry point runs it: metrics, the shared Zoho rate
 * limiter (each organization's plan limits), Zoho and Salesforce connect, and the runtime.
 */
export function createCompanion(options: CompanionOptions): Runtime {
    const { config, db, log } = options;
    const clock = systemClock;
    const metrics = createMetrics({ db, clock });
    // Bound once the runtime exists; the limiter's alerts reach Salesforce through it.
    let runtime: Runtime | undefined = undefined;
    const limiter = createZohoRateLimiter({
        db,
        clock,
        // Each organization's plan as read at connect; one never read gets the free plan's limits.
        limitsFor: createPlanLimits({ db, clock }),
        // A job that would wait longer is rescheduled instead of holding its worker slot.
        deferJobsBeyondMs: 2_000,
        onCall: (organizationId, outcome) => metrics.zohoCall(organizationId, outcome),
        ...(options.publishAlerts && {
            onAlert: (alert) => {
                metrics.alerts.inc({ kind: alert.kind });
                log.warn({ alert }, 'zoho rate alert');
                runtime
                    ?.publishAlert(alert)
                    .catch((error: unknown) =>
                        log.error({ err: error, alert }, 'publishing the rate alert failed')
                    );
            }
        })
    });
    runtime = createRuntime({
        db,
        log,
        keyring: options.keyring,
        metrics,
        clock,
        zohoConnect: createZohoConnect({
            client: options.zoho?.client ?? config.zohoClient,
            redirectUri: `${config.publicUrl}/v1/oauth/zoho/callback`,
            endpoints: options.zoho?.endpoints ?? ZOHO_DATA_CENTRES,
            limiter,
            clock,
            fetch,
            log
        }),
        zohoLimiter: limiter,
        salesforceConnect: {
            client: config.salesforceClient,
            redirectUri: `${config.publicUrl}/v1/oauth/salesforce/callback`,
            loginHosts: SALESFORCE_LOGIN_HOSTS,
            fetch
        },
        notify: config.notify,
        retention: config.retention,
        salesforceNamespace: config.salesforceNamespace
    });
    return runtime;
}
