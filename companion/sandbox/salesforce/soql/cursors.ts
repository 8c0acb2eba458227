import { randomBytes } from 'node:crypto';

import { SalesforceError } from '../errors.ts';
import type { Org } from '../org.ts';

/** A server-side query cursor: the rows of one query, served page by page (§A.5). */
export type QueryCursor = { rows: Record<string, unknown>[]; batchSize: number; expiresAt: number };

/** Cursors die after 15 minutes without use, as query locators do. */
const CURSOR_IDLE_MS = 15 * 60_000;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type Page = {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: Record<string, unknown>[];
};

function locatorUrl(version: string, cursorId: string, offset: number) {
    return `/services/data/${version}/query/${cursorId}-${offset}`;
}

/**
 * The first page of a result; the rest is kept behind a locator that is one path segment
 * (`01g…-2000`), because jsforce keeps only the last segment of `nextRecordsUrl`.
 */
export function firstPage(
    org: Org,
    rows: Record<string, unknown>[],
    totalSize: number,
    batchSize: number,
    version: string,
    now: number
): Page {
    if (rows.length <= batchSize) return { totalSize, done: true, records: rows };
    let cursorId = '01g';
    for (const byte of randomBytes(15)) cursorId += ALPHABET.charAt(byte % 62);
    org.cursors.set(cursorId, { rows, batchSize, expiresAt: now + CURSOR_IDLE_MS });
    return {
        totalSize,
        done: false,
        nextRecordsUrl: locatorUrl(version, cursorId, batchSize),
        records: rows.slice(0, batchSize)
    };
}

export function nextPage(org: Org, locator: string, version: string, now: number): Page {
    const match = /^(01g[A-Za-z0-9]+)-(\d+)$/.exec(locator);
    const cursor = match ? org.cursors.get(match[1]!) : undefined;
    if (!match || !cursor || cursor.expiresAt <= now) {
        if (match) org.cursors.delete(match[1]!);
        throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    const offset = Number(match[2]);
    const end = offset + cursor.batchSize;
    cursor.expiresAt = now + CURSOR_IDLE_MS;
    const records = cursor.rows.slice(offset, end);
    if (end >= cursor.rows.length) {
        org.cursors.delete(match[1]!);
        return { totalSize: cursor.rows.length, done: true, records };
    }
    return {
        totalSize: cursor.rows.length,
        done: false,
        nextRecordsUrl: locatorUrl(version, match[1]!, end),
        records
    };
}
