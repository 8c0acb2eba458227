import type { Keyring } from '../security/vault.ts';
import {
    setSalesforceClient,
    setSalesforceIdentity,
    type SalesforceIdentity
} from './connections.ts';
import type { Db } from './db.ts';
import { deleteSecret, putSecret } from './secrets.ts';

/** The secrets a Salesforce sign-in needs: a refresh token and client secret, or a JWT key. */
const SIGN_IN_SECRETS = [
    'salesforce_refresh_token',
    'salesforce_client_secret',
    'salesforce_jwt_private_key'
] as const;
type SignInSecret = (typeof SIGN_IN_SECRETS)[number];

/**
 * Records a connection's way into its Salesforce org in one transaction: the sealed secrets of
 * the flow used (those of the other flow are removed, so a client never mixes them), the
 * instance, login host and client, and the connected user.
 */
export async function linkSalesforce(
    db: Db,
    ring: Keyring,
    input: {
        connectionId: string;
        instanceUrl: string;
        loginUrl: string;
        clientId: string;
        identity: SalesforceIdentity;
        secrets: Partial<Record<SignInSecret, string>>;
    }
): Promise<void> {
    const { connectionId } = input;
    await db.transaction(async (tx) => {
        for (const kind of SIGN_IN_SECRETS) {
            const value = input.secrets[kind];
            if (value === undefined) await deleteSecret(tx, { connectionId, kind });
            else await putSecret(tx, ring, { connectionId, kind }, value);
        }
        await setSalesforceClient(tx, connectionId, input);
        await setSalesforceIdentity(tx, connectionId, input.identity);
    });
}
