import { createHash, randomBytes } from 'node:crypto';

import { secretsEqual } from '../security/constant-time.ts';
import type { Queryable } from './db.ts';

/** What a key may do. Each admin route names the scope it needs; MCP tools need `mcp:*`. */
export const apiScopes = [
    'admin:read',
    'admin:write',
    'metrics:read',
    'mcp:read',
    'mcp:write'
] as const;
export type ApiScope = (typeof apiScopes)[number];

export type ApiKey = {
    id: string;
    name: string;
    scopes: ApiScope[];
    createdAt: Date;
    revokedAt: Date | null;
};

const KEY_PATTERN = /^cbk_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

function hash(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
}

type Row = {
    id: string;
    name: string;
    scopes: ApiScope[];
    created_at: Date | string;
    revoked_at: Date | string | null;
};

function fromRow(row: Row): ApiKey {
    return {
        id: row.id,
        name: row.name,
        scopes: row.scopes,
        createdAt: new Date(row.created_at),
        revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at)
    };
}

/** Creates a key. @returns the key record and the full key, which is never shown again. */
export async function createApiKey(
    q: Queryable,
    input: { name: string; scopes: readonly ApiScope[] }
): Promise<{ key: ApiKey; token: string }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const [row] = await q.query<Row>(
        'INSERT INTO api_keys (id, name, scopes, secret_hash) VALUES ($1, $2, $3, $4) RETURNING *',
        [id, input.name, [...new Set(input.scopes)], hash(secret)]
    );
    if (!row) throw new Error('creating the API key returned nothing');
    return { key: fromRow(row), token: `cbk_${id}_${secret}` };
}

/** The key a bearer token belongs to, if it is well-formed, known, unrevoked and matches. */
export async function verifyApiKey(q: Queryable, token: string): Promise<ApiKey | undefined> {
    const match = KEY_PATTERN.exec(token);
    if (!match) return undefined;
    const [, id = '', secret = ''] = match;
    const [row] = await q.query<Row & { secret_hash: string }>(
        'SELECT * FROM api_keys WHERE id = $1',
        [id]
    );
    if (!row || row.revoked_at !== null || !secretsEqual(hash(secret), row.secret_hash))
        return undefined;
    await q.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
    return fromRow(row);
}

export async function listApiKeys(q: Queryable): Promise<ApiKey[]> {
    return (await q.query<Row>('SELECT * FROM api_keys ORDER BY created_at, id')).map(fromRow);
}

export async function revokeApiKey(q: Queryable, id: string): Promise<boolean> {
    const rows = await q.query(
        'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [id]
    );
    return rows.length === 1;
}
