import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import { isTombstoned, putTombstone } from '../../store/customer-sync.ts';
import type { Db } from '../../store/db.ts';
import { enqueueWriteback } from '../../store/writebacks.ts';
import { recordWrite, digestRequest } from '../../store/journal.ts';
import { findBySalesforceId, type Link } from '../../store/links.ts';
import { createTtlCache } from '../../ttl-cache.ts';
import { ZohoNotFoundError } from '../../zoho/errors.ts';
import type { Contact } from '../../zoho/schemas/contacts.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import type { ContextCache } from '../invoice/context.ts';
import type { FactsCache } from '../invoice/facts.ts';
import {
    accountFields,
    createAccountReader,
    deletedAccounts,
    type AccountRow
} from './accounts.ts';
import { customerPolicies, salesforceValues, taxFieldsOf, valuesHash } from './fields.ts';
import { reconcilePair, type PairOutcome } from './reconcile.ts';

export type CustomerSyncDeps = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    contexts: ContextCache;
    settings: FlowSettingsCache;
    facts: FactsCache;
    /** Two edits of a two-way field closer than this are a conflict (default one minute). */
    windowMs?: number;
    onWriteback?: (connectionId: string) => void;
    /**
     * Reconciles the contact persons of a linked customer (contact-persons/), after the customer
     * itself: on its creation or adoption, an explicit sync request, and every Zoho change seen.
     */
    persons?: (request: PersonsRequest) => Promise<unknown>;
    /**
     * The sweep's Salesforce half for contact persons: the persons of deleted Contacts are
     * deleted in Zoho (contact-persons/). Returns how many were.
     */
    deletedContacts?: (request: Meta & { connectionId: string }) => Promise<number>;
};

export type PersonsRequest = Meta & {
    connectionId: string;
    zohoOrganizationId: string;
    zohoContactId: string;
    /** The Zoho customer when the caller has just read it (its persons are not read again). */
    zohoContact?: Contact;
};

export type Meta = { actor: string; correlationId: string | null };

/**
 * What both directions of the customer sync share (F2): the per-connection pieces (rules,
 * field policies for the organization's edition, the Account reader), the hash checks that let
 * an unchanged side cost no call, the one reconcile of a linked pair, and what a vanished
 * record leaves behind (a tombstone, or a link re-pointed to the master of a merge).
 */
export function createCustomerSync(deps: CustomerSyncDeps) {
    const readAccount = createAccountReader();
    const windowMs = deps.windowMs ?? 60_000;
    const editions = createTtlCache({
        clock: deps.clock,
        ttlMs: 60 * 60_000,
        load: async (key) => {
            const [connectionId, organizationId] = key.split('|') as [string, string];
            const zoho = await deps.clients.zoho(connectionId, organizationId);
            return taxFieldsOf((await zoho.organizations.get()).country_code);
        }
    });

    /** Everything a reconcile of this connection's pairs needs, mostly cached. */
    async function pairContext(connectionId: string, organizationId?: string) {
        const zoho = await deps.clients.zoho(connectionId, organizationId);
        const salesforce = await deps.clients.salesforce(connectionId);
        const { rules, settings: invoiceSettings } = await deps.contexts.get(connectionId);
        const settings = await deps.settings.get(connectionId);
        const taxFields = await editions.get(`${connectionId}|${zoho.organizationId}`);
        const policies = customerPolicies(rules, taxFields);
        const fields = accountFields(rules, settings.customerEntryCondition);
        return { zoho, salesforce, rules, policies, fields, settings, invoiceSettings };
    }
    type PairContext = Awaited<ReturnType<typeof pairContext>>;

    const account = (connectionId: string, ctx: PairContext, accountId: string) =>
        readAccount(ctx.salesforce, connectionId, accountId, ctx.fields);

    /** Whether the Account's mapped values hash to the agreed ones (nothing to send). */
    function unchanged(ctx: PairContext, row: AccountRow, agreedHash: string | undefined) {
        return (
            agreedHash !== undefined &&
            valuesHash(ctx.policies, salesforceValues(ctx.rules, ctx.policies, row)) === agreedHash
        );
    }

    /** The Zoho contact, or undefined after leaving a tombstone when Zoho says it is gone. */
    async function contactOf(
        connectionId: string,
        ctx: PairContext,
        link: Link,
        meta: Meta
    ): Promise<Contact | undefined> {
        try {
            return await ctx.zoho.contacts.get(link.zohoId);
        } catch (error) {
            if (!(error instanceof ZohoNotFoundError)) throw error;
            const pair = { accountId: link.salesforceId, contactId: link.zohoId };
            await bury(connectionId, 'zoho', link.zohoId, pair, 'the Zoho contact is gone', meta);
            return undefined;
        }
    }

    async function bury(
        connectionId: string,
        side: 'salesforce' | 'zoho',
        recordId: string,
        pair: { accountId: string | null; contactId: string | null },
        reason: string,
        meta: Meta
    ) {
        await deps.db.transaction(async (tx) => {
            await putTombstone(
                tx,
                connectionId,
                { side, recordId, ...pair, reason },
                deps.clock.now()
            );
            await recordWrite(tx, {
                connectionId,
                ...meta,
                target: side === 'zoho' ? 'salesforce' : 'zoho',
                operation: 'customer.tombstone',
                subject: recordId,
                requestDigest: digestRequest({ side, recordId }),
                outcome: 'ok',
                detail: { ...pair, reason }
            });
        });
        deps.log.info({ connectionId, side, recordId, reason }, 'customer tombstone');
    }

    /**
     * A deleted Account: merged into another (its `MasterRecordId`), the link moves to the
     * master unless that one is linked already; otherwise the pair is buried. Either way the
     * deleted Account is never synced again.
     */
    async function accountGone(
        connectionId: string,
        row: AccountRow,
        link: Link | undefined,
        meta: Meta
    ): Promise<void> {
        const master = row.MasterRecordId ?? null;
        if (
            link &&
            master &&
            !(await findBySalesforceId(deps.db, connectionId, 'customer', master))
        ) {
            await deps.db.transaction(async (tx) => {
                await tx.query(
                    `UPDATE links SET salesforce_id = $3, data_hash = NULL, updated_at = now()
                     WHERE connection_id = $1 AND kind = 'customer' AND salesforce_id = $2`,
                    [connectionId, row.Id, master]
                );
                await tx.query(
                    'DELETE FROM customer_baselines WHERE connection_id = $1 AND account_id = $2',
                    [connectionId, row.Id]
                );
                await putTombstone(
                    tx,
                    connectionId,
                    {
                        side: 'salesforce',
                        recordId: row.Id,
                        accountId: null,
                        contactId: null,
                        reason: `merged into ${master}`
                    },
                    deps.clock.now()
                );
                await enqueueWriteback(tx, {
                    connectionId,
                    subject: `account:${master}`,
                    records: [
                        {
                            op: 'update',
                            sobject: 'Account',
                            fields: { Id: master, Zoho_Contact_Id__c: link.zohoId }
                        }
                    ],
                    correlationId: meta.correlationId ?? undefined,
                    nowMs: deps.clock.now()
                });
                await recordWrite(tx, {
                    connectionId,
                    ...meta,
                    target: 'zoho',
                    operation: 'customer.relink',
                    subject: link.zohoId,
                    requestDigest: digestRequest({ from: row.Id, to: master }),
                    outcome: 'ok',
                    detail: { from: row.Id, to: master }
                });
            });
            deps.onWriteback?.(connectionId);
            deps.log.info({ connectionId, from: row.Id, to: master }, 'customer link re-pointed');
            return;
        }
        await bury(
            connectionId,
            'salesforce',
            row.Id,
            { accountId: row.Id, contactId: link?.zohoId ?? null },
            master ? `merged into ${master}, which has its own Zoho customer` : 'deleted',
            meta
        );
    }

    function reconcile(
        connectionId: string,
        ctx: PairContext,
        row: AccountRow,
        contact: Contact,
        meta: Meta
    ): Promise<PairOutcome> {
        return reconcilePair(
            { db: deps.db, clock: deps.clock, windowMs },
            { connectionId, ...ctx, account: row, contact, ...meta }
        );
    }

    /**
     * Linked Accounts found deleted or merged since (the sweep's Salesforce half): each is
     * settled once, as an event about it would be. Returns how many were.
     */
    async function settleDeletedAccounts(connectionId: string, meta: Meta): Promise<number> {
        const salesforce = await deps.clients.salesforce(connectionId);
        let settled = 0;
        for (const row of await deletedAccounts(salesforce)) {
            const link = await findBySalesforceId(deps.db, connectionId, 'customer', row.Id);
            if (!link || (await isTombstoned(deps.db, connectionId, { accountId: row.Id })))
                continue;
            await accountGone(connectionId, row, link, meta);
            settled++;
        }
        return settled;
    }

    const buried = (connectionId: string, ids: { accountId?: string; contactId?: string }) =>
        isTombstoned(deps.db, connectionId, ids);

    return {
        pairContext,
        account,
        unchanged,
        contactOf,
        accountGone,
        settleDeletedAccounts,
        reconcile,
        buried,
        bury
    };
}
export type CustomerSync = ReturnType<typeof createCustomerSync>;
