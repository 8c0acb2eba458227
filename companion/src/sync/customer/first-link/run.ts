import type { Clock } from '../../../clock.ts';
import type { Logger } from '../../../log.ts';
import type { Db } from '../../../store/db.ts';
import { LinkConflictError } from '../../../store/links.ts';
import { keyScopeOf } from '../../../store/zoho-organizations.ts';
import type { ConnectionClients } from '../../clients.ts';
import type { AccountRecord } from './facts.ts';
import { customerLedger, writeCustomerLink } from './link-write.ts';
import { planMatches, type MatchPlan, type PlannedReview } from './match.ts';
import { decidedAccounts, queueReviews } from './reviews.ts';
import { readAccounts, readContacts } from './sources.ts';

export type FirstLinkOptions = {
    /** Plan only: read both sides, write nothing anywhere. */
    dryRun: boolean;
    /** The Account field holding the tax number, if the org keeps one. */
    taxField?: string | undefined;
    correlationId?: string | undefined;
};

export type FirstLinkResult = {
    dryRun: boolean;
    zohoOrganizationId: string;
    counts: {
        accounts: number;
        contacts: number;
        /** Accounts already in the link ledger, or already decided by a person: left alone. */
        alreadyLinked: number;
        alreadyDecided: number;
        linked: number;
        review: number;
        create: number;
        unmatchedContacts: number;
    };
    plan: MatchPlan;
};

export type FirstLink = (
    connectionId: string,
    options: FirstLinkOptions
) => Promise<FirstLinkResult>;

/**
 * The first link of a connection's customers: every Account and every Zoho customer of its
 * default organization are read (paged), those not linked yet are matched (`match.ts`), and —
 * unless it is a dry run — confident matches are linked and written back, the rest queued for
 * review. Nothing is ever created: Accounts with no candidate are reported under `create`, for
 * the customer sync to create under its own entry criteria.
 */
export function createFirstLink(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    onWriteback?: () => void;
}): FirstLink {
    async function apply(
        connectionId: string,
        zohoOrganizationId: string,
        plan: MatchPlan,
        accounts: ReadonlyMap<string, AccountRecord>,
        correlationId: string | undefined
    ): Promise<MatchPlan> {
        const links: MatchPlan['links'] = [];
        const raced: PlannedReview[] = [];
        for (const link of plan.links) {
            try {
                await deps.db.transaction((tx) =>
                    writeCustomerLink(tx, {
                        connectionId,
                        zohoOrganizationId,
                        accountId: link.accountId,
                        zohoContactId: link.zohoContactId,
                        storedZohoId: accounts.get(link.accountId)?.zohoContactId,
                        correlationId,
                        nowMs: deps.clock.now()
                    })
                );
                links.push(link);
            } catch (error) {
                // The ongoing sync linked the contact meanwhile: a person decides.
                if (!(error instanceof LinkConflictError)) throw error;
                raced.push({
                    accountId: link.accountId,
                    accountName: link.accountName,
                    candidates: [link]
                });
            }
        }
        const review = [...plan.review, ...raced];
        await queueReviews(deps.db, {
            connectionId,
            zohoOrganizationId,
            entries: review,
            nowMs: deps.clock.now()
        });
        if (links.length > 0) deps.onWriteback?.();
        return { ...plan, links, review };
    }

    return async (connectionId, options) => {
        const sf = await deps.clients.salesforce(connectionId);
        const zoho = await deps.clients.zoho(connectionId);
        const scope = await keyScopeOf(deps.db, connectionId);
        const [accounts, contacts] = await Promise.all([
            readAccounts(sf, { taxField: options.taxField }),
            readContacts(zoho, scope)
        ]);
        const ledger = await customerLedger(deps.db, connectionId, zoho.organizationId);
        const decided = await decidedAccounts(deps.db, connectionId);
        const open = accounts.filter((a) => !ledger.accounts.has(a.id) && !decided.has(a.id));
        const planned = planMatches(
            open,
            contacts.filter((c) => !ledger.contacts.has(c.id))
        );
        const plan = options.dryRun
            ? planned
            : await apply(
                  connectionId,
                  zoho.organizationId,
                  planned,
                  new Map(accounts.map((a) => [a.id, a])),
                  options.correlationId
              );
        const counts = {
            accounts: accounts.length,
            contacts: contacts.length,
            alreadyLinked: accounts.filter((a) => ledger.accounts.has(a.id)).length,
            alreadyDecided: accounts.filter((a) => decided.has(a.id) && !ledger.accounts.has(a.id))
                .length,
            linked: plan.links.length,
            review: plan.review.length,
            create: plan.create.length,
            unmatchedContacts: plan.unmatchedContacts.length
        };
        deps.log.info({ connectionId, dryRun: options.dryRun, ...counts }, 'customer first link');
        return { dryRun: options.dryRun, zohoOrganizationId: zoho.organizationId, counts, plan };
    };
}
