import { randomBytes } from 'node:crypto';

import { SalesforceError } from '../errors.ts';
import type { Org } from '../org.ts';

/**
 * A server-side query cursor: the rows of one query, served page by page (§A.5). A child
 * relationship's cursor belongs to the page of its parent's cursor that carried it (`owner`).
 */
export type QueryCursor = {
    rows: Record<string, unknown>[];
    batchSize: number;
    expiresAt: number;
    owner?: string;
};

/** Cursors die after 15 minutes without use, as query locators do. */
const CURSOR_IDLE_MS = 15 * 60_000;
/**
 * Children per page of a child relationship (`(SELECT … FROM OpportunityLineItems)`). The
 * documents say only that a subquery result may need queryMore; pages of 200, the smallest batch
 * an org serves, make a client meet the next page soonest.
 */
export const CHILD_BATCH_SIZE = 200;
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

function openCursor(org: Org, cursor: QueryCursor): string {
    let cursorId = '01g';
    for (const byte of randomBytes(15)) cursorId += ALPHABET.charAt(byte % 62);
    org.cursors.set(cursorId, cursor);
    return cursorId;
}

/** A child relationship result inside a row (parent records carry `attributes` instead). */
function isChildResult(value: unknown): value is Page {
    return (
        typeof value === 'object' &&
        value !== null &&
        !('attributes' in value) &&
        Array.isArray((value as Page).records) &&
        typeof (value as Page).done === 'boolean'
    );
}

/**
 * The rows of one page as sent: each child relationship longer than a child batch gets its
 * own cursor and `nextRecordsUrl`, owned by `owner` (the parent's cursor, when it has one).
 */
function withChildPages(
    org: Org,
    rows: Record<string, unknown>[],
    owner: string | undefined,
    version: string,
    now: number
): Record<string, unknown>[] {
    return rows.map((row) => {
        let copy: Record<string, unknown> | undefined;
        for (const [key, value] of Object.entries(row)) {
            if (!isChildResult(value) || value.records.length <= CHILD_BATCH_SIZE) continue;
            const cursorId = openCursor(org, {
                rows: value.records,
                batchSize: CHILD_BATCH_SIZE,
                expiresAt: now + CURSOR_IDLE_MS,
                ...(owner ? { owner } : {})
            });
            copy ??= { ...row };
            copy[key] = {
                totalSize: value.totalSize,
                done: false,
                nextRecordsUrl: locatorUrl(version, cursorId, CHILD_BATCH_SIZE),
                records: value.records.slice(0, CHILD_BATCH_SIZE)
            };
        }
        return copy ?? row;
    });
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
    if (rows.length <= batchSize)
        return {
            totalSize,
            done: true,
            records: withChildPages(org, rows, undefined, version, now)
        };
    const cursorId = openCursor(org, { rows, batchSize, expiresAt: now + CURSOR_IDLE_MS });
    return {
        totalSize,
        done: false,
        nextRecordsUrl: locatorUrl(version, cursorId, batchSize),
        records: withChildPages(org, rows.slice(0, batchSize), cursorId, version, now)
    };
}

/**
 * The next page behind a locator. Moving a parent cursor on invalidates the child cursors of
 * the page before ("A queryMore() call on a parent object invalidates all child cursors in the
 * previous result set"): a client reads a row's children before the next page of rows.
 */
export function nextPage(org: Org, locator: string, version: string, now: number): Page {
    const match = /^(01g[A-Za-z0-9]+)-(\d+)$/.exec(locator);
    const cursor = match ? org.cursors.get(match[1]!) : undefined;
    if (!match || !cursor || cursor.expiresAt <= now) {
        if (match) org.cursors.delete(match[1]!);
        throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    const cursorId = match[1]!;
    for (const [id, other] of org.cursors) if (other.owner === cursorId) org.cursors.delete(id);
    const offset = Number(match[2]);
    const end = offset + cursor.batchSize;
    cursor.expiresAt = now + CURSOR_IDLE_MS;
    const records = withChildPages(org, cursor.rows.slice(offset, end), cursorId, version, now);
    if (end >= cursor.rows.length) {
        org.cursors.delete(cursorId);
        return { totalSize: cursor.rows.length, done: true, records };
    }
    return {
        totalSize: cursor.rows.length,
        done: false,
        nextRecordsUrl: locatorUrl(version, cursorId, end),
        records
    };
}
