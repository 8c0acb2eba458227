import { createConnection } from '../../src/store/connections.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { TestDb } from './test-db.ts';

/** A Salesforce org id for tests that need a connection but no org behind it. */
export const TEST_ORG_ID = '00D5g000004ABCDEAQ';

/**
 * The usual start of a store test: empties and migrates the test database, then adds one
 * connection per entry (name → Salesforce org id), in order.
 * @returns each connection's id under its name.
 */
export async function freshStore<Name extends string>(
    t: TestDb,
    connections: Readonly<Record<Name, string>>
): Promise<Record<Name, string>> {
    await t.reset();
    await migrate(t.db);
    const ids = {} as Record<Name, string>;
    for (const [name, salesforceOrgId] of Object.entries(connections) as [Name, string][])
        ids[name] = (await createConnection(t.db, { name, salesforceOrgId })).id;
    return ids;
}
