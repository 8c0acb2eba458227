import { digestRequest, recordWrite } from '../../store/journal.ts';
import { getMirrorStates, putMirrorState } from '../../store/mirror-state.ts';
import type { SyncDeps, SyncRequest } from './sync.ts';

/** Reported once per customer and set of records (a sweep finding them again stays quiet). */
export async function reportUnlinked(
    deps: Pick<SyncDeps, 'db' | 'clock' | 'log'>,
    req: Pick<SyncRequest, 'connectionId' | 'organizationId' | 'actor' | 'correlationId'>,
    customerId: string,
    what: string[]
) {
    const subject = `unlinked:${customerId}`;
    const dataHash = digestRequest({ customerId, what: [...what].sort() });
    const previous = (await getMirrorStates(deps.db, req.connectionId, [subject])).get(subject);
    if (previous?.dataHash === dataHash) return;
    deps.log.warn(
        { connectionId: req.connectionId, customerId, records: what },
        'Zoho customer has no Salesforce account: its money is not mirrored'
    );
    await deps.db.transaction(async (tx) => {
        await recordWrite(tx, {
            connectionId: req.connectionId,
            correlationId: req.correlationId,
            actor: req.actor,
            target: 'salesforce',
            operation: 'payments.unlinked_customer',
            subject: customerId,
            requestDigest: dataHash,
            outcome: 'error',
            detail: {
                reason: 'The Zoho customer is not linked to a Salesforce account',
                zohoOrganizationId: req.organizationId,
                records: what
            }
        });
        await putMirrorState(tx, {
            connectionId: req.connectionId,
            subject,
            state: { dataHash, childKeys: [], overdue: false },
            nowMs: deps.clock.now()
        });
    });
}
