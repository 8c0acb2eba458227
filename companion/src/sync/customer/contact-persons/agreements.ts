import type { Clock } from '../../../clock.ts';
import { openConflict } from '../../../store/customer-sync.ts';
import type { Db } from '../../../store/db.ts';
import { digestRequest } from '../../../store/journal.ts';
import { saveLink } from '../../../store/links.ts';
import type { FieldConflict } from '../merge.ts';
import { saveBaseline, setPersonHome } from './ledger.ts';

/** What a reconciliation records in the ledger: agreed pairs, and conflicts for a person. */

const KIND = 'contact_person' as const;

/** The linked customer whose persons are reconciled. */
export type CustomerOfPersons = {
    connectionId: string;
    zohoOrganizationId: string;
    accountId: string;
    zohoContactId: string;
};

/** What to record once the Contact write of a pair is known to have landed. */
export type Agreement = { salesforceId: string; zohoId: string; baseline: Record<string, unknown> };

/** A two-way field of one pair edited on both sides. */
export type PersonConflictFound = FieldConflict & { salesforceId: string; zohoId: string };

/** Records a pair's link and agreed values; a baseline that did not change is not rewritten. */
export async function agree(
    db: Db,
    req: CustomerOfPersons,
    agreement: Agreement,
    previous?: Readonly<Record<string, unknown>>
): Promise<void> {
    const dataHash = digestRequest(agreement.baseline);
    if (previous && digestRequest(previous) === dataHash) return;
    await db.transaction(async (tx) => {
        await saveLink(tx, {
            connectionId: req.connectionId,
            kind: KIND,
            salesforceId: agreement.salesforceId,
            zohoOrganizationId: req.zohoOrganizationId,
            zohoId: agreement.zohoId,
            dataHash
        });
        await saveBaseline(
            tx,
            { connectionId: req.connectionId, kind: KIND },
            agreement.salesforceId,
            agreement.baseline
        );
        await setPersonHome(tx, req.connectionId, agreement.salesforceId, req.zohoContactId);
    });
}

/** The run's conflicts in the inbox, each naming its Contact and person (one open per field). */
export async function recordConflicts(
    deps: { db: Db; clock: Clock },
    req: CustomerOfPersons,
    conflicts: readonly PersonConflictFound[]
): Promise<void> {
    if (conflicts.length === 0) return;
    await deps.db.transaction(async (tx) => {
        for (const { salesforceId, zohoId, ...conflict } of conflicts)
            await openConflict(tx, req.connectionId, {
                accountId: req.accountId,
                zohoOrganizationId: req.zohoOrganizationId,
                contactId: req.zohoContactId,
                ...conflict,
                person: { salesforceContactId: salesforceId, contactPersonId: zohoId },
                detectedAtMs: deps.clock.now()
            });
    });
}
