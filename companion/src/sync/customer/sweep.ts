import type { Clock } from '../../clock.ts';
import { periodicSchedule } from '../../jobs/periodic.ts';
import type { Logger } from '../../log.ts';
import type { Db } from '../../store/db.ts';
import { getSweepCursor, putSweepCursor } from '../../store/mirror-state.ts';
import { collect } from '../../zoho/resources/common.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { sweepEachOrganization, sweepJobHandler } from '../sweeps.ts';
import { latestModified, zohoTime } from '../payments/sweep.ts';
import type { Meta } from './sync.ts';

export const CUSTOMER_SWEEP_JOB = 'salesforce.customer.sweep';
const SWEEP = 'contacts';

export type CustomerSweepOptions = {
    /** How far before the cursor each sweep looks again (clocks and commits are not exact). */
    overlapMs?: number;
    /** How far back the first sweep of a connection looks. */
    firstLookbackMs?: number;
};

/**
 * The contacts sweep (DESIGN §2): per Zoho organization of a connection, every customer
 * modified since the last sweep (Zoho's `last_modified_time` filter, oldest first, with an
 * overlap) goes through the same handling as a webhook, so a dropped webhook is repaired by the
 * next sweep and an unchanged contact writes nothing. Linked Accounts deleted or merged in
 * Salesforce (which the package announces to no one) are settled the same run, and so are the
 * Zoho persons of deleted Contacts.
 */
export function createCustomerSweep(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    settings: FlowSettingsCache;
    syncContact: (
        connectionId: string,
        organizationId: string,
        contactId: string,
        ctx: { log: Logger },
        meta: Meta
    ) => Promise<void>;
    /** The Salesforce half: linked Accounts deleted or merged since. */
    settleDeletedAccounts: (connectionId: string, meta: Meta) => Promise<number>;
    /** The persons of Contacts deleted in Salesforce (also never announced). */
    deletedContacts?: ((request: Meta & { connectionId: string }) => Promise<number>) | undefined;
    options?: CustomerSweepOptions;
    deferWhile?: readonly string[];
}) {
    const overlapMs = deps.options?.overlapMs ?? 10 * 60_000;
    const firstLookbackMs = deps.options?.firstLookbackMs ?? 7 * 24 * 3_600_000;

    async function sweepOrganization(connectionId: string, organizationId: string, meta: Meta) {
        const key = { connectionId, zohoOrganizationId: organizationId, sweep: SWEEP };
        const zoho = await deps.clients.zoho(connectionId, organizationId);
        const now = deps.clock.now();
        const cursor = await getSweepCursor(deps.db, key);
        const sinceMs = cursor ? cursor.cursorMs - overlapMs : now - firstLookbackMs;
        const modified = await collect(
            zoho.contacts.listAll({
                contact_type: 'customer',
                last_modified_time: zohoTime(sinceMs),
                sort_column: 'last_modified_time',
                sort_order: 'A'
            })
        );
        for (const row of modified)
            await deps.syncContact(connectionId, organizationId, row.contact_id, deps, meta);
        const latest = latestModified(modified, cursor?.cursorMs ?? sinceMs);
        await putSweepCursor(deps.db, key, { cursorMs: latest, sweptAtMs: now });
        return { modified: modified.length };
    }

    /** Sweeps every active Zoho organization of the connection, then its deleted Accounts. */
    async function run(connectionId: string, meta: Meta) {
        const results = await sweepEachOrganization(
            deps,
            connectionId,
            'customer sweep done',
            (o) => sweepOrganization(connectionId, o, meta)
        );
        const gone = await deps.settleDeletedAccounts(connectionId, meta);
        if (gone > 0) deps.log.info({ connectionId, gone }, 'deleted or merged accounts settled');
        const removed = (await deps.deletedContacts?.({ connectionId, ...meta })) ?? 0;
        if (removed > 0)
            deps.log.info({ connectionId, removed }, 'persons of deleted contacts removed');
        return results;
    }

    const handle = sweepJobHandler({
        settings: deps.settings,
        enabled: (s) => s.customerSyncEnabled,
        off: 'customer sync is switched off: no sweep',
        run
    });

    /** One sweep job per active connection and period (`everyMs` of the clock). */
    const schedule = periodicSchedule(deps, { kind: CUSTOMER_SWEEP_JOB, name: 'customer-sweep' });

    return { run, handle, schedule };
}
