import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { enqueueWriteback } from '../store/writebacks.ts';
import type { RateAlert } from '../zoho/rate-limiter.ts';

const SUMMARY: Record<RateAlert['kind'], string> = {
    daily_quota_80: 'Zoho Books daily API quota is 80% used; syncing slows down to stay under it',
    rate_limited:
        'Zoho Books refused a call for exceeding its rate limit; Closebooks is backing off'
};

/**
 * Tells Salesforce about a Zoho rate alert: a `Closebooks_Sync__e` (kind `alert`, about the org
 * itself) for every connection joined to the organization, so the setup page shows it. It goes
 * through the write-back queue, so a burst of alerts for one organization collapses into the
 * latest one per connection and costs no extra Salesforce call of its own.
 */
export function createAlertPublisher(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    onQueued?: () => void;
}) {
    return async (alert: RateAlert): Promise<void> => {
        const rows = await deps.db.query<{ id: string; salesforce_org_id: string }>(
            `SELECT c.id, c.salesforce_org_id FROM connections c
             JOIN zoho_organizations z ON z.connection_id = c.id
             WHERE z.organization_id = $1 AND c.status = 'active'`,
            [alert.organizationId]
        );
        for (const row of rows)
            await enqueueWriteback(deps.db, {
                connectionId: row.id,
                subject: `alert:${alert.kind}:${alert.organizationId}`,
                records: [
                    {
                        op: 'create',
                        sobject: 'Closebooks_Sync__e',
                        fields: {
                            Record_Id__c: row.salesforce_org_id,
                            Change_Kind__c: 'alert',
                            Summary__c:
                                `${SUMMARY[alert.kind]} (organization ${alert.organizationId}: ${alert.detail})`.slice(
                                    0,
                                    255
                                )
                        }
                    }
                ],
                nowMs: deps.clock.now()
            });
        if (rows.length > 0) deps.onQueued?.();
    };
}
