import { z } from 'zod';

import type { SalesforceClient } from './connection.ts';
import { SalesforceApiError } from './errors.ts';
import type { Soql } from './soql.ts';

const pageSchema = z.looseObject({
    totalSize: z.number(),
    done: z.boolean(),
    nextRecordsUrl: z.string().optional(),
    records: z.array(z.unknown())
});

/** The next page's path: only a locator on this instance (the bearer token goes wherever we call). */
export function nextRecordsPath(url: string): string {
    if (!url.startsWith('/services/data/'))
        throw new SalesforceApiError('UNEXPECTED_RESPONSE', 'nextRecordsUrl is not a path', {
            retryable: false
        });
    return url;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads every page of each row's child relationships (`(SELECT … FROM OpportunityLineItems)`):
 * an org sends a long one as a first page with its own `nextRecordsUrl`. Called on each page
 * of rows before the next one is asked for, since moving the parent's cursor on invalidates
 * the child cursors of the page before.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_query_results.htm
 */
export async function readChildPages(
    client: SalesforceClient,
    rows: readonly unknown[]
): Promise<unknown[]> {
    const complete: unknown[] = [];
    for (const row of rows) {
        if (!isObject(row)) {
            complete.push(row);
            continue;
        }
        const copy: Record<string, unknown> = { ...row };
        for (const [key, value] of Object.entries(row)) {
            const child =
                isObject(value) && !('attributes' in value) && pageSchema.safeParse(value);
            if (!child || !child.success || child.data.done) continue;
            let page = child.data;
            const records = [...page.records];
            while (!page.done && page.nextRecordsUrl) {
                page = pageSchema.parse(
                    await client.request<unknown>({
                        method: 'GET',
                        path: nextRecordsPath(page.nextRecordsUrl)
                    })
                );
                records.push(...page.records);
            }
            copy[key] = { totalSize: child.data.totalSize, done: true, records };
        }
        complete.push(copy);
    }
    return complete;
}

export type QueryOptions = {
    /** Stop with an error past this many records instead of paging on (default 50,000). */
    maxRecords?: number;
    /** Rows per page asked of the server (200–2,000; it may send fewer). */
    batchSize?: number;
    /** Include deleted and archived rows (`/queryAll`). */
    includeDeleted?: boolean;
};

export type QueryResult<T> = { totalSize: number; records: T[] };

function parseRecords<T>(schema: z.ZodType<T>, records: unknown[], offset: number): T[] {
    return records.map((record, i) => {
        const parsed = schema.safeParse(record);
        if (!parsed.success)
            throw new SalesforceApiError(
                'UNEXPECTED_RESPONSE',
                `query row ${offset + i} does not match its schema: ${parsed.error.message}`,
                { cause: parsed.error, retryable: false }
            );
        return parsed.data;
    });
}

/**
 * Runs a SOQL query built with `soql` and yields each page of rows as it arrives (queryMore
 * asked for only when the caller wants the next), every row parsed with `schema`. The caller
 * holds what it keeps, so a long result need not be in memory at once.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md
 */
export async function* queryPages<T>(
    client: SalesforceClient,
    query: Soql,
    schema: z.ZodType<T>,
    options: Omit<QueryOptions, 'maxRecords'> = {}
): AsyncGenerator<{ totalSize: number; records: T[] }> {
    const headers = options.batchSize
        ? { 'Sforce-Query-Options': `batchSize=${Math.trunc(options.batchSize)}` }
        : undefined;
    const resource = options.includeDeleted ? 'queryAll' : 'query';
    let path = `/${resource}?q=${encodeURIComponent(query.text)}`;
    for (let offset = 0; ;) {
        const page = pageSchema.parse(
            await client.request<unknown>({ method: 'GET', path, ...(headers ? { headers } : {}) })
        );
        const rows = await readChildPages(client, page.records);
        yield { totalSize: page.totalSize, records: parseRecords(schema, rows, offset) };
        offset += rows.length;
        if (page.done || !page.nextRecordsUrl) return;
        path = nextRecordsPath(page.nextRecordsUrl);
    }
}

/**
 * Runs a SOQL query built with `soql` and follows `nextRecordsUrl` (queryMore) until done,
 * parsing every row with `schema`. Bounded: a result larger than `maxRecords` fails with
 * QUERY_TOO_LARGE rather than loading without end.
 */
export async function queryAll<T>(
    client: SalesforceClient,
    query: Soql,
    schema: z.ZodType<T>,
    options: QueryOptions = {}
): Promise<QueryResult<T>> {
    const maxRecords = options.maxRecords ?? 50_000;
    const records: T[] = [];
    let totalSize = 0;
    for await (const page of queryPages(client, query, schema, options)) {
        totalSize = page.totalSize;
        if (Math.max(page.totalSize, records.length + page.records.length) > maxRecords)
            throw new SalesforceApiError(
                'QUERY_TOO_LARGE',
                `query matches ${page.totalSize} rows, more than the ${maxRecords} allowed`,
                { retryable: false }
            );
        records.push(...page.records);
    }
    return { totalSize, records };
}
