import type { Clock } from '../../clock.ts';
import type { Db } from '../../store/db.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import { saveLink } from '../../store/links.ts';
import { keyScopeOf } from '../../store/zoho-organizations.ts';
import { enqueueWriteback } from '../../store/writebacks.ts';
import { ZohoValidationError } from '../../zoho/errors.ts';
import type { ContactInput } from '../../zoho/resources/contacts.ts';
import { upsertByKey } from '../../zoho/unique-key.ts';
import type { RegionalZohoClient } from '../clients.ts';

/**
 * The one path by which an Account becomes a Zoho customer, for the invoice flow (a deal of an
 * account not yet in Zoho) and the customer sync alike: upsert by the unique custom field that
 * holds the Account id when the organization has it, else a search by name before a create (an
 * earlier attempt may have created it and lost the answer); then, in one transaction, the link,
 * the journal entry and the write-back of the Zoho id to the Account.
 */
export type EnsureCustomerDeps = {
    db: Db;
    clock: Clock;
    /**
     * Whether the organization's unique field for contacts is still there, read again (an
     * upsert refused for a gone key falls back to search and create).
     */
    keyStillThere: (zoho: RegionalZohoClient) => Promise<boolean>;
};

export type EnsureCustomerInput = {
    connectionId: string;
    zoho: RegionalZohoClient;
    accountId: string;
    body: ContactInput;
    /** The unique custom field customers are upserted by, or null. */
    contactKey: string | null;
    actor: string;
    correlationId: string | null;
};

async function findOrCreate(
    deps: EnsureCustomerDeps,
    input: EnsureCustomerInput
): Promise<{ contactId: string; created: boolean }> {
    const { zoho, body } = input;
    if (input.contactKey) {
        try {
            const scope = await keyScopeOf(deps.db, input.connectionId);
            const key = input.contactKey;
            const { contact, created } = await upsertByKey(scope, input.accountId, (found) =>
                zoho.contacts.upsertByUniqueField({ key, body, ...found })
            );
            return { contactId: contact.contact_id, created };
        } catch (error) {
            // A refusal while the field is still there is about the body, and stays an error.
            if (!(error instanceof ZohoValidationError) || (await deps.keyStillThere(zoho)))
                throw error;
        }
    }
    const existing = (await zoho.contacts.list({ contact_name: body.contact_name }, 1)).rows.find(
        (c) => c.contact_name === body.contact_name
    );
    if (existing) return { contactId: existing.contact_id, created: false };
    return { contactId: (await zoho.contacts.create(body)).contact_id, created: true };
}

export async function ensureCustomer(
    deps: EnsureCustomerDeps,
    input: EnsureCustomerInput
): Promise<{ contactId: string; created: boolean }> {
    const found = await findOrCreate(deps, input);
    const { connectionId, zoho, accountId, correlationId } = input;
    await deps.db.transaction(async (tx) => {
        await saveLink(tx, {
            connectionId,
            kind: 'customer',
            salesforceId: accountId,
            zohoOrganizationId: zoho.organizationId,
            zohoId: found.contactId,
            dataHash: null
        });
        await recordWrite(tx, {
            connectionId,
            correlationId,
            actor: input.actor,
            target: 'zoho',
            operation: 'zoho.contact.create',
            subject: found.contactId,
            requestDigest: digestRequest(input.body),
            outcome: 'ok',
            detail: { accountId, created: found.created }
        });
        await enqueueWriteback(tx, {
            connectionId,
            subject: `account:${accountId}`,
            records: [
                {
                    op: 'update',
                    sobject: 'Account',
                    fields: {
                        Id: accountId,
                        Zoho_Contact_Id__c: found.contactId,
                        Zoho_Last_Synced__c: new Date(deps.clock.now()).toISOString()
                    }
                }
            ],
            correlationId: correlationId ?? undefined,
            nowMs: deps.clock.now()
        });
    });
    return found;
}
