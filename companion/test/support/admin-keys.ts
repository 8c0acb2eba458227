import type { Db } from '../../src/store/db.ts';
import { createApiKey } from '../../src/store/api-keys.ts';

/** The two API keys admin route tests call with: one that reads, one that also writes. */
export async function adminKeys(db: Db): Promise<{ readKey: string; writeKey: string }> {
    const read = await createApiKey(db, { name: 'reader', scopes: ['admin:read'] });
    const write = await createApiKey(db, {
        name: 'writer',
        scopes: ['admin:read', 'admin:write']
    });
    return { readKey: read.token, writeKey: write.token };
}
