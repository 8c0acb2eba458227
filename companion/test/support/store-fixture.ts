import type { Keyring } from '../../src/security/vault.ts';
import { createConnection } from '../../src/store/connections.ts';
import type { Db } from '../../src/store/db.ts';
import { putSecret } from '../../src/store/secrets.ts';
import type { TestDb } from './test-db.ts';

/** A Salesforce org id for tests that need a connection but no org behind it. */
export const TEST_ORG_ID = '00D5g000004ABCDEAQ';

/**
 * The usual start of a store test: resets the test database to freshly migrated and empty,
 * then adds one connection per entry (name → Salesforce org id), in order.
 * @returns each connection's id under its name.
 */
export async function freshStore<Name extends string>(
    t: Pick<TestDb, 'db' | 'reset'>,
    connections: Readonly<Record<Name, string>>
): Promise<Record<Name, string>> {
    await t.reset();
    const ids = {} as Record<Name, string>;
    for (const [name, salesforceOrgId] of Object.entries(connections) as [Name, string][])
        ids[name] = (await createConnection(t.db, { name, salesforceOrgId })).id;
    return ids;
}

/**
 * Seals each connection's event secret (the package's half of the events door), as
 * `POST /v1/admin/connections` does: connection id → secret.
 */
export async function putEventSecrets(
    db: Db,
    keyring: Keyring,
    secrets: Readonly<Record<string, string>>
): Promise<void> {
    for (const [connectionId, secret] of Object.entries(secrets))
        await putSecret(db, keyring, { connectionId, kind: 'event_secret' }, secret);
}
