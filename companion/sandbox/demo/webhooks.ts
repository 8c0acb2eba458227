import { randomBytes } from 'node:crypto';

import type { Keyring } from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';
import { putSecret } from '../../src/store/secrets.ts';
import type { ZohoSandbox } from '../zoho/zoho-sandbox.ts';

/**
 * What an admin sets up in Zoho Books for a live connection (README, "Payments and balances"): no rule
 * on invoices created (the companion made them); invoices edited or deleted, customer payments
 * and credit notes, all signed with the connection's webhook secret.
 */
const DEMO_WEBHOOK_RULES = [
    { module: 'invoice', events: ['edited', 'deleted'] },
    { module: 'customerpayment', events: ['created', 'edited', 'deleted'] },
    { module: 'creditnote', events: ['created', 'edited', 'deleted'] }
] as const;

/**
 * Sandbox mode: registers the Zoho simulator's outgoing webhooks for the demo connection and
 * seals their signing secret in the vault, so a payment recorded in the simulator reaches the
 * companion's webhook door within seconds instead of waiting for the payment sweep.
 */
export async function registerDemoWebhooks(
    deps: { db: Db; keyring: Keyring },
    input: {
        zoho: Pick<ZohoSandbox, 'addWebhook'>;
        organizationId: string;
        connectionId: string;
        companionUrl: string;
    }
): Promise<void> {
    // Zoho accepts 12 to 50 letters and digits as a webhook secret.
    const secret = randomBytes(24).toString('hex');
    await putSecret(
        deps.db,
        deps.keyring,
        { connectionId: input.connectionId, kind: 'webhook_secret' },
        secret
    );
    const url = new URL(`/v1/zoho/webhooks/${input.connectionId}`, input.companionUrl);
    url.searchParams.set('organization_id', input.organizationId);
    for (const rule of DEMO_WEBHOOK_RULES)
        input.zoho.addWebhook(input.organizationId, {
            webhook_name: `Closebooks demo ${rule.module}`,
            module: rule.module,
            events: [...rule.events],
            url: url.toString(),
            secret
        });
}
