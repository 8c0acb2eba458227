import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { CONTRACT_VERSION, type SalesforceEvent } from '../../contracts/salesforce-events.ts';
import { periodicSchedule } from '../../jobs/periodic.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import type { Logger } from '../../log.ts';
import { queryPages } from '../../salesforce/query.ts';
import { soql } from '../../salesforce/soql.ts';
import { getConnection } from '../../store/connections.ts';
import type { Db } from '../../store/db.ts';
import type { ConnectionClients } from '../clients.ts';
import { storeSalesforceBatch } from '../event-jobs.ts';
import { INVOICE_JOB } from './flow.ts';

export const WON_DEAL_CATCH_UP_JOB = 'salesforce.won_deals.catch_up';

/** How far back (by last modification) a catch-up looks for deals whose announcement failed. */
const LOOKBACK_MS = 30 * 24 * 60 * 60_000;
/** The events contract allows 200 events per batch. */
const BATCH = 200;

const dealSchema = z.looseObject({
    Id: z.string(),
    LastModifiedById: z.string()
});

export type CatchUpResult = { failed: number; queued: number; skipped: number };

/**
 * The catch-up of won deals whose announcement never reached the companion (DESIGN §2:
 * reconciliation catches what events miss). The package marks a won deal `Failed` when its
 * delivery fails and gives up after its last retry, so an outage longer than its retries would
 * leave the deal without an invoice until someone pressed Resync. Each run reads the won deals
 * still `Failed` with no invoice id, leaves out those the companion already has (an invoice
 * link, or an invoice job waiting or running), and stores an `opportunity.won` event for each of
 * the others, as if the package had delivered it. The event id is fixed per deal, so a deal is
 * caught up once; if that invoice job dies, the dead job and the deal's status show it as before.
 * With the Invoice Trigger on accepted quotes the deal's own event would be ignored, so the run
 * does nothing there.
 */
export function createWonDealCatchUp(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    /** The invoice flow's settings of the connection (from the org's package settings). */
    invoiceSettings: (
        connectionId: string
    ) => Promise<{ enabled: boolean; trigger: 'Closed_Won' | 'Quote_Accepted' }>;
    onJobsQueued?: () => void;
}) {
    async function alreadyKnown(connectionId: string, ids: string[]): Promise<Set<string>> {
        const rows = await deps.db.query<{ id: string }>(
            `SELECT salesforce_id AS id FROM links
              WHERE connection_id = $1 AND kind = 'invoice' AND salesforce_id = ANY($2)
             UNION
             SELECT payload->'event'->>'recordId' FROM jobs
              WHERE connection_id = $1 AND kind = $3 AND state IN ('queued', 'running', 'retrying')
                AND payload->'event'->>'recordId' = ANY($2)`,
            [connectionId, ids, INVOICE_JOB]
        );
        return new Set(rows.map((r) => r.id));
    }

    async function run(connectionId: string, correlationId: string): Promise<CatchUpResult> {
        const result: CatchUpResult = { failed: 0, queued: 0, skipped: 0 };
        const settings = await deps.invoiceSettings(connectionId);
        const connection = await getConnection(deps.db, connectionId);
        if (!settings.enabled || settings.trigger !== 'Closed_Won' || !connection) return result;
        const sf = await deps.clients.salesforce(connectionId);
        const since = new Date(deps.clock.now() - LOOKBACK_MS);
        const pages = queryPages(
            sf,
            soql`SELECT Id, LastModifiedById FROM Opportunity WHERE IsWon = ${true} AND Zoho_Invoice_Id__c = ${null} AND Closebooks_Sync_Status__c = ${'Failed'} AND LastModifiedDate >= ${since} ORDER BY LastModifiedDate`,
            dealSchema
        );
        for await (const page of pages) {
            for (let at = 0; at < page.records.length; at += BATCH) {
                const deals = page.records.slice(at, at + BATCH);
                result.failed += deals.length;
                const known = await alreadyKnown(
                    connectionId,
                    deals.map((d) => d.Id)
                );
                const nowIso = new Date(deps.clock.now()).toISOString();
                const events: SalesforceEvent[] = deals
                    .filter((d) => !known.has(d.Id))
                    .map((d) => ({
                        eventId: `catch-up:${d.Id}`,
                        type: 'opportunity.won',
                        objectType: 'Opportunity',
                        recordId: d.Id,
                        occurredAt: nowIso,
                        userId: d.LastModifiedById
                    }));
                result.skipped += deals.length - events.length;
                if (events.length === 0) continue;
                const { accepted } = await storeSalesforceBatch(
                    deps.db,
                    connectionId,
                    {
                        contractVersion: CONTRACT_VERSION,
                        orgId: connection.salesforceOrgId,
                        batchId: `catch-up-${deps.clock.now()}-${at}`,
                        sentAt: nowIso,
                        events
                    },
                    correlationId
                );
                result.queued += accepted;
                result.skipped += events.length - accepted;
            }
        }
        if (result.queued > 0) deps.onJobsQueued?.();
        return result;
    }

    const handle: JobHandler = async (job, ctx) => {
        if (!job.connectionId) return;
        const result = await run(job.connectionId, job.correlationId ?? `job:${job.id}`);
        ctx.log.info({ connectionId: job.connectionId, ...result }, 'won-deal catch-up done');
    };

    /** One catch-up job per active connection and period (`everyMs` of the clock). */
    const schedule = periodicSchedule(deps, {
        kind: WON_DEAL_CATCH_UP_JOB,
        name: 'won-deal-catch-up'
    });

    return { run, handle, schedule };
}
