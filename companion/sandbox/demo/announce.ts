import type { Logger } from '../../src/log.ts';
import type { Keyring } from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';
import {
    DEMO_SALES_REP,
    joinAndSeed,
    previousSandboxConnection,
    writeSandboxInfo,
    type SandboxPair
} from './sandbox-mode.ts';

/** Deals seeded for a newcomer to close. */
const DEMO_DEALS = 6;

/**
 * Joins the sandbox pair to the running companion, seeds the demo, writes `sandbox.json` for
 * `npm run demo`, and tells the person at the terminal what to do next.
 */
export async function announceSandbox(
    pair: SandboxPair,
    deps: { db: Db; keyring: Keyring; url: string; dataDir: string; log: Logger }
): Promise<void> {
    const { connectionId, seed } = await joinAndSeed(pair, deps, {
        companionUrl: deps.url,
        deals: DEMO_DEALS,
        linked: false,
        webhooks: true,
        replaces: await previousSandboxConnection(deps.dataDir)
    });
    const file = await writeSandboxInfo(deps.dataDir, {
        companion: deps.url,
        zoho: {
            url: pair.zoho.url,
            organizationId: pair.zoho.credentials.organization_id,
            clerk: {
                accountsUrl: pair.zoho.credentials.accounts_url,
                clientId: pair.zoho.credentials.client_id,
                clientSecret: pair.zoho.credentials.client_secret,
                refreshToken: pair.zoho.credentials.refresh_token
            }
        },
        salesforce: {
            url: pair.salesforce.url,
            orgId: pair.salesforce.credentials.org_id,
            salesRep: DEMO_SALES_REP
        },
        connectionId,
        deals: seed.opportunities.map((o) => ({
            id: o.salesforceId,
            name: o.name,
            account: seed.accounts.find((a) => a.salesforceId === o.accountId)?.name ?? o.accountId,
            amount: o.amount
        }))
    });
    deps.log.info(
        {
            zoho: pair.zoho.url,
            salesforce: pair.salesforce.url,
            connectionId,
            deals: seed.opportunities.length
        },
        'sandbox mode: simulators joined and seeded'
    );
    process.stderr.write(
        [
            'Sandbox mode (no live credentials): Zoho Books and Salesforce are simulated in this process.',
            `  Zoho Books simulator  ${pair.zoho.url}  (organization ${pair.zoho.credentials.organization_id})`,
            `  Salesforce simulator  ${pair.salesforce.url}  (org ${pair.salesforce.credentials.org_id})`,
            `  ${seed.opportunities.length} open deals seeded; details in ${file}`,
            'Try:  npm run demo   (the whole story: close a deal, invoice, payment), or npm run demo -- deals | close 1 | invoice 1',
            ''
        ].join('\n')
    );
}
