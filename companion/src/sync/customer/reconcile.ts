import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { updateMany } from '../../salesforce/writes.ts';
import { getBaseline, openConflict, putBaseline } from '../../store/customer-sync.ts';
import type { Db } from '../../store/db.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import type { Contact } from '../../zoho/schemas/contacts.ts';
import type { RegionalZohoClient } from '../clients.ts';
import type { MappingRule } from '../mapping/rules.ts';
import { parseZohoTime } from '../payments/sweep.ts';
import type { AccountRow } from './accounts.ts';
import { salesforceValues, updateBody, valuesHash, zohoValues } from './fields.ts';
import { mergeFields, type FieldPolicy } from './merge.ts';

/** Salesforce refused the values the merge chose for the Account. */
export class AccountWriteError extends AppError {
    constructor(accountId: string, message: string) {
        super('account_write_refused', `Salesforce refused the update of ${accountId}: ${message}`);
    }
}

export type PairInput = {
    connectionId: string;
    zoho: RegionalZohoClient;
    salesforce: SalesforceClient;
    rules: readonly MappingRule[];
    policies: readonly FieldPolicy[];
    account: AccountRow;
    contact: Contact;
    actor: string;
    correlationId: string | null;
};

export type PairOutcome = { toZoho: string[]; toSalesforce: string[]; conflicts: string[] };

/**
 * Reconciles one linked pair, whichever side announced the change: both records as they are
 * now, against what both last agreed on, through the one merge decision (`mergeFields`). Each
 * side is written at most once, only with what changed, and the new agreement is stored, so
 * the change coming back (a Zoho webhook of our own write) finds nothing to do. Two-way fields
 * edited on both sides within `windowMs` go to the conflict inbox, and neither side is touched.
 * Safe to repeat after a crash: a value written but not yet agreed is equal on both sides.
 */
export async function reconcilePair(
    deps: { db: Db; clock: Clock; windowMs: number },
    input: PairInput
): Promise<PairOutcome> {
    const { connectionId, account, contact, zoho } = input;
    const stored = await getBaseline(deps.db, connectionId, account.Id);
    const baseline = stored?.contactId === contact.contact_id ? stored.agreed : undefined;
    const merge = mergeFields(
        input.policies,
        baseline,
        {
            values: salesforceValues(input.rules, input.policies, account),
            modifiedMs: Date.parse(account.LastModifiedDate)
        },
        {
            values: zohoValues(input.policies, contact),
            modifiedMs: parseZohoTime(contact.last_modified_time)
        },
        deps.windowMs
    );
    const meta = { connectionId, correlationId: input.correlationId, actor: input.actor };
    if (Object.keys(merge.toZoho).length > 0) {
        const body = updateBody(contact, merge.toZoho);
        await zoho.contacts.update(contact.contact_id, body);
        await recordWrite(deps.db, {
            ...meta,
            target: 'zoho',
            operation: 'zoho.contact.update',
            subject: contact.contact_id,
            requestDigest: digestRequest(body),
            outcome: 'ok',
            detail: { accountId: account.Id, fields: Object.keys(merge.toZoho) }
        });
    }
    if (Object.keys(merge.toSalesforce).length > 0) {
        const fields = {
            ...merge.toSalesforce,
            Zoho_Last_Synced__c: new Date(deps.clock.now()).toISOString()
        };
        const [result] = await updateMany(input.salesforce, 'Account', [
            { Id: account.Id, ...fields }
        ]);
        if (!result?.ok)
            throw new AccountWriteError(
                account.Id,
                result?.errors.map((e) => e.message).join('; ') ?? 'no answer'
            );
        await recordWrite(deps.db, {
            ...meta,
            target: 'salesforce',
            operation: 'salesforce.account.update',
            subject: account.Id,
            requestDigest: digestRequest(fields),
            outcome: 'ok',
            detail: { contactId: contact.contact_id, fields: Object.keys(merge.toSalesforce) }
        });
    }
    await deps.db.transaction(async (tx) => {
        for (const c of merge.conflicts)
            await openConflict(tx, connectionId, {
                accountId: account.Id,
                zohoOrganizationId: zoho.organizationId,
                contactId: contact.contact_id,
                ...c,
                detectedAtMs: deps.clock.now()
            });
        await putBaseline(
            tx,
            connectionId,
            {
                accountId: account.Id,
                zohoOrganizationId: zoho.organizationId,
                contactId: contact.contact_id,
                agreed: merge.baseline,
                dataHash: valuesHash(input.policies, merge.baseline)
            },
            deps.clock.now()
        );
    });
    return {
        toZoho: Object.keys(merge.toZoho),
        toSalesforce: Object.keys(merge.toSalesforce),
        conflicts: merge.conflicts.map((c) => c.zohoField)
    };
}
