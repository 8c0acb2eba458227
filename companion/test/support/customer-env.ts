import { createSandboxClock } from '../../sandbox/clock.ts';
import { booksClient } from '../../sandbox/zoho/test-client.ts';
import type { Db } from '../../src/store/db.ts';
import { putSecret } from '../../src/store/secrets.ts';
import { EVENTS_PATH } from '../../src/contracts/salesforce-events.ts';
import { contractNow } from './events.ts';
import { invoiceEnv, type Record } from './invoice-env.ts';

export const CUSTOMER_WEBHOOK_SECRET = 'customersWebhookSecret2026';

/**
 * The invoice environment (both simulators, the companion's runtime joined to them) plus
 * Zoho's contact webhooks pointed at the companion as an admin would set them up, a Books API
 * caller to edit customers as a finance clerk would, and helpers to change Accounts as a
 * Salesforce user. The clock runs `scale` times real time so Zoho's per-minute limit passes.
 */
export async function customerEnv(db: Db, options: { scale?: number; webhooks?: boolean } = {}) {
    const env = await invoiceEnv(db, {
        deals: 1,
        clock: createSandboxClock({ scale: options.scale ?? 1 })
    });
    await putSecret(
        db,
        env.keyring,
        { connectionId: env.connectionId, kind: 'webhook_secret' },
        CUSTOMER_WEBHOOK_SECRET
    );
    const zoho = env.pair.zoho.sandbox;
    // Without webhooks, the hook still exists (Zoho counts its writes by it) but points nowhere.
    const url =
        options.webhooks === false
            ? 'http://127.0.0.1:9/unreachable'
            : `${env.server.url}/v1/zoho/webhooks/${env.connectionId}?organization_id=${env.zohoOrg}`;
    const rule = zoho.addWebhook(env.zohoOrg, {
        module: 'contact',
        events: ['created', 'edited'],
        url,
        secret: CUSTOMER_WEBHOOK_SECRET
    });
    // Zoho sends no event type: the deletion rule's webhook names its event (README, F2).
    const deletions = zoho.addWebhook(env.zohoOrg, {
        module: 'contact',
        events: ['deleted'],
        url,
        query_parameters: { event: 'deleted' },
        secret: CUSTOMER_WEBHOOK_SECRET
    });
    const books = booksClient(zoho, env.pair.zoho.credentials);
    const hooks = new Set([rule.webhook_id, deletions.webhook_id]);
    const contactDeliveries = () =>
        zoho.webhooks.deliveries(env.zohoOrg).filter((d) => hooks.has(d.webhook_id));

    return {
        ...env,
        books,
        /** Sets the package setting's entry condition; the companion reads it after its cache. */
        setEntryCondition(condition: string | null) {
            const current = env.sf
                .records(env.sfOrg, 'Closebooks_Setting__mdt')
                .find((r) => r.DeveloperName === 'Default') as Record;
            const fields = Object.fromEntries(
                Object.entries(current).filter(([k]) => k.endsWith('__c'))
            );
            env.sf.deployMetadata(env.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
                ...fields,
                MasterLabel: 'Default',
                Customer_Entry_Condition__c: condition
            });
            env.clock.advance(16 * 60_000);
        },
        /**
         * Changes fields of a shipped mapping rule (as an admin deploys custom metadata); the
         * companion reads the rules again after its cache.
         */
        changeRule(developerName: string, changes: Record) {
            const current = env.sf
                .records(env.sfOrg, 'Closebooks_Field_Mapping__mdt')
                .find((r) => r.DeveloperName === developerName) as Record;
            const fields = Object.fromEntries(
                Object.entries(current).filter(([k]) => k.endsWith('__c'))
            );
            env.sf.deployMetadata(env.sfOrg, 'Closebooks_Field_Mapping__mdt', developerName, {
                ...fields,
                MasterLabel: String(current.MasterLabel),
                ...changes
            });
            env.clock.advance(16 * 60_000);
        },
        /** Creates Accounts as the admin (a normal user: the package's triggers fire). */
        createAccounts(accounts: Record[]): string[] {
            const { created } = env.sf.seed(env.sfOrg, {
                records: accounts.map((fields, i) => ({ object: 'Account', ref: `n${i}`, fields }))
            });
            return created.map((c) => c.id);
        },
        updateAccount(id: string, fields: Record) {
            env.sf.update(env.sfOrg, 'Account', id, fields);
        },
        account(id: string): Record {
            const found = env.sf.records(env.sfOrg, 'Account').find((r) => r.Id === id);
            if (!found) throw new Error(`no account ${id}`);
            return found as Record;
        },
        /**
         * A linked customer: with Website made two-way (newer change wins; the shipped rule lets
         * Salesforce own it), one Account made a Zoho customer by an explicit sync request.
         */
        async linkedCustomer(fields: Record): Promise<{ accountId: string; contactId: string }> {
            await this.drained();
            this.changeRule('Account_Website', { Field_Owner__c: 'Last_Write_Wins' });
            const [accountId] = this.createAccounts([fields]);
            await this.requestSync([accountId!]);
            await this.drained();
            return {
                accountId: accountId!,
                contactId: String(this.account(accountId!).Zoho_Contact_Id__c)
            };
        },
        /** How many writes of this operation the journal holds. */
        async journalCount(operation: string): Promise<number> {
            const [row] = await db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM journal WHERE operation = $1',
                [operation]
            );
            return row?.n ?? 0;
        },
        /** `account.sync_requested` for each Account, as the package's Resync action sends. */
        async requestSync(ids: readonly string[]) {
            const userId = env.sf.org(env.sfOrg).adminUserId;
            const now = env.clock.now();
            const res = await env.packageCall(EVENTS_PATH, {
                contractVersion: 1,
                orgId: env.sfOrg,
                batchId: `resync-${now}-${ids.length}`,
                sentAt: contractNow(now),
                events: ids.map((id) => ({
                    eventId: `${id}:account.sync_requested:${now}`,
                    type: 'account.sync_requested',
                    objectType: 'Account',
                    recordId: id,
                    occurredAt: contractNow(now),
                    userId
                }))
            });
            if (res.status !== 202)
                throw new Error(`events answered ${res.status}: ${await res.text()}`);
        },
        /** Zoho contact writes so far, as Zoho's own webhooks announce them (created/edited). */
        zohoContactWrites(): number {
            return contactDeliveries().filter((d) => d.event !== 'deleted').length;
        },
        async contacts(): Promise<Record[]> {
            return (await env.zohoState()).contacts;
        },
        /** Waits until Zoho has delivered its webhooks and no job or write-back waits (real time). */
        async drained(ms = 60_000) {
            await env.sf.settle();
            await env.waitFor(
                async () => {
                    const pending = contactDeliveries().some((d) => d.status === 'pending');
                    if (pending && options.webhooks !== false) return undefined;
                    const [row] = await db.query<{ n: number }>(
                        "SELECT count(*)::int AS n FROM jobs WHERE state IN ('queued', 'running', 'retrying')"
                    );
                    const [wb] = await db.query<{ n: number }>(
                        'SELECT count(*)::int AS n FROM writebacks WHERE sent_at_ms IS NULL AND failed_at_ms IS NULL'
                    );
                    return (row?.n === 0 && wb?.n === 0) || undefined;
                },
                ms,
                'the queues to drain'
            );
        }
    };
}
export type CustomerEnv = Awaited<ReturnType<typeof customerEnv>>;
