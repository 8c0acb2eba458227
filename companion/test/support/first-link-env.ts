import { pino } from 'pino';

import { createSandboxClock } from '../../sandbox/clock.ts';
import { joinSandboxConnection, sandboxZoho } from '../../sandbox/demo/join.ts';
import { startSandboxPair } from '../../sandbox/demo/sandbox-mode.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createRuntime } from '../../src/runtime.ts';
import { generateMasterKey, keyring as makeKeyring } from '../../src/security/vault.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { SALESFORCE_ID_FIELD } from '../../src/zoho/key-fields.ts';
import { firstLinkFixture, type FirstLinkFixture } from './first-link-fixture.ts';
import { waitFor } from './invoice-children.ts';
import { listen } from './serve.ts';

/**
 * The first-link fixture seeded into both simulators, and the companion's runtime joined to
 * them: a UK-edition Zoho organization (its contacts carry VAT numbers) with the unique
 * `cf_salesforce_id` field, and the Salesforce org. The Accounts keep their tax numbers in
 * `AccountNumber` (the simulated org has only the package's and the standard fields). The clock
 * runs 30 times faster than real time so that reading 200 contacts one by one under Zoho's
 * 100-a-minute limit takes seconds.
 */
export async function firstLinkEnv(db: Db) {
    await migrate(db);
    const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 2, 9), scale: 30 });
    const pair = await startSandboxPair({ clock });
    const zoho = pair.zoho.sandbox;
    const sf = pair.salesforce.sandbox;
    const sfOrg = pair.salesforce.credentials.org_id;
    const creds = zoho.createOrg(
        {
            name: 'First link Ltd',
            edition: 'uk',
            currency_code: 'GBP',
            client_id: pair.zoho.credentials.client_id,
            user_email: pair.zoho.credentials.user_email
        },
        pair.zoho.url
    );
    const zohoOrg = creds.organization_id;
    zoho.addCustomField(zohoOrg, {
        label: 'Salesforce Id',
        api_name: SALESFORCE_ID_FIELD,
        is_unique: true,
        entity: 'contact'
    });

    const fixture = firstLinkFixture();
    const accountIds = seedAccounts(sf, sfOrg, fixture);
    const contactIds = await seedContacts(zoho, zohoOrg, fixture, accountIds, sfOrg);
    const org = sf.org(sfOrg);
    const as = org.users.get(org.integrationUserId)?.username;
    for (const a of fixture.accounts)
        if (a.zohoKey)
            sf.update(
                sfOrg,
                'Account',
                accountIds.get(a.key)!,
                { Zoho_Contact_Id__c: contactIds.get(a.zohoKey) },
                as
            );

    const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const keyring = makeKeyring(generateMasterKey());
    const { zohoLimiter, zohoConnect } = sandboxZoho({
        db,
        clock,
        log,
        client: { id: creds.client_id, secret: creds.client_secret },
        apiDomain: creds.api_domain
    });
    const runtime = createRuntime({
        db,
        log,
        keyring,
        metrics: createMetrics({ db, clock }),
        clock,
        zohoConnect,
        zohoLimiter,
        worker: { idlePollMs: 25, shutdownGraceMs: 2_000 },
        writeback: { quietMs: 0 }
    });
    const server = await listen(runtime.app);
    const { connectionId } = await joinSandboxConnection(
        { db, keyring },
        {
            name: 'First link',
            zoho: creds,
            salesforce: pair.salesforce.credentials,
            salesforceSandbox: sf,
            companionUrl: server.url
        }
    );
    runtime.start();
    const { token } = await createApiKey(db, {
        name: 'admin',
        scopes: ['admin:read', 'admin:write']
    });

    async function admin(method: 'GET' | 'POST', path: string, body?: unknown) {
        const res = await fetch(`${server.url}/v1/admin/connections/${connectionId}${path}`, {
            method,
            headers: {
                authorization: `Bearer ${token}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' })
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    return {
        db,
        fixture,
        connectionId,
        sf,
        sfOrg,
        zoho,
        zohoOrg,
        /** Salesforce and Zoho ids of fixture keys. */
        accountIds,
        contactIds,
        admin,
        /** Queues the first link (not a dry run) and waits for its job: answers its journaled counts. */
        async applyFirstLink(query = '') {
            const res = await admin('POST', `/customers/first-link?dryRun=false${query}`);
            if (res.status !== 202) throw new Error(`first link answered ${res.status}`);
            const jobId = (res.body.job as { id: string }).id;
            await waitFor(
                async () => {
                    const [job] = await db.query<{ state: string; last_error: string | null }>(
                        'SELECT state, last_error FROM jobs WHERE id = $1',
                        [jobId]
                    );
                    if (job?.state === 'dead')
                        throw new Error(`first link died: ${job.last_error}`);
                    return job?.state === 'done';
                },
                'the first-link job',
                60_000
            );
            const [entry] = await db.query<{ detail: Record<string, number> }>(
                "SELECT detail FROM journal WHERE operation = 'customer.first_link' ORDER BY id DESC LIMIT 1"
            );
            return entry?.detail;
        },
        account(id: string): Record<string, unknown> {
            const found = sf.records(sfOrg, 'Account').find((r) => r.Id === id);
            if (!found) throw new Error(`no account ${id}`);
            return found;
        },
        zohoContacts() {
            return [...(zoho.state.orgs.get(zohoOrg)?.contacts.values() ?? [])];
        },
        waitFor<T>(
            check: () => T | undefined | false | Promise<T | undefined | false>,
            what: string
        ) {
            return waitFor(check, what, 20_000);
        },
        async close() {
            await runtime.stop();
            await server.close();
            await pair.close();
        }
    };
}
export type FirstLinkEnv = Awaited<ReturnType<typeof firstLinkEnv>>;

type SalesforceSandbox = Awaited<ReturnType<typeof startSandboxPair>>['salesforce']['sandbox'];
type ZohoSandbox = Awaited<ReturnType<typeof startSandboxPair>>['zoho']['sandbox'];

/** The Accounts and one Contact per e-mail address, as the integration user (no trigger fires). */
function seedAccounts(sf: SalesforceSandbox, orgId: string, fixture: FirstLinkFixture) {
    const org = sf.org(orgId);
    const as = org.users.get(org.integrationUserId)?.username;
    const ids = new Map<string, string>();
    for (let i = 0; i < fixture.accounts.length; i += 50) {
        const records = fixture.accounts.slice(i, i + 50).flatMap((a) => [
            {
                object: 'Account',
                ref: a.key,
                fields: {
                    Name: a.name,
                    ...(a.website ? { Website: a.website } : {}),
                    ...(a.country ? { BillingCountry: a.country } : {}),
                    ...(a.taxNumber ? { AccountNumber: a.taxNumber } : {})
                }
            },
            ...a.emails.map((email, k) => ({
                object: 'Contact',
                fields: { LastName: `Person ${k + 1}`, Email: email, AccountId: { ref: a.key } }
            }))
        ]);
        const seeded = sf.seed(orgId, { records, as });
        for (const [ref, id] of Object.entries(seeded.ids)) ids.set(ref, id);
    }
    return ids;
}

/**
 * The Zoho customers through the Books API (UK edition: `vat_reg_no`), holding the unique key of
 * an Account (`<org id>:<Account id>`, as the companion writes it) where the fixture says so.
 */
async function seedContacts(
    zoho: ZohoSandbox,
    orgId: string,
    fixture: FirstLinkFixture,
    accountIds: ReadonlyMap<string, string>,
    salesforceOrgId: string
) {
    const contacts = fixture.contacts.map((c) => ({
        contact_name: c.name,
        contact_type: 'customer',
        ...(c.companyName ? { company_name: c.companyName } : {}),
        ...(c.website ? { website: c.website } : {}),
        ...(c.country ? { billing_address: { country: c.country } } : {}),
        ...(c.taxNumber ? { vat_treatment: 'overseas', vat_reg_no: c.taxNumber } : {}),
        contact_persons: c.emails.map((email, k) => ({
            first_name: `Person ${k + 1}`,
            email,
            is_primary_contact: k === 0
        })),
        ...(c.accountKey
            ? {
                  custom_fields: [
                      {
                          api_name: SALESFORCE_ID_FIELD,
                          value: `${salesforceOrgId}:${accountIds.get(c.accountKey)}`
                      }
                  ]
              }
            : {})
    }));
    const result = await zoho.seed(orgId, { contacts });
    if (!result.ok) throw new Error(`zoho seed refused: ${JSON.stringify(result)}`);
    const created = result.created.contacts ?? [];
    return new Map(
        fixture.contacts.map((c, i) => [
            c.key,
            String((created[i] as { contact_id: unknown }).contact_id)
        ])
    );
}
