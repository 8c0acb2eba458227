import { z } from 'zod';

import type { SalesforceClient } from './connection.ts';
import { SalesforceApiError, type RecordErrorDetail } from './errors.ts';
import { nextRecordsPath, readChildPages } from './query.ts';
import type { Soql } from './soql.ts';
import {
    COLLECTION_LIMIT,
    chunk,
    saveResultSchema,
    toWriteResult,
    type FieldValues,
    type WriteResult
} from './writes.ts';

/**
 * One `POST /composite` counts as one API call (reference §A.7), so the flows that touch many
 * records read and write through it: up to five queries, or up to five sObject Collections of
 * 200 records, per call. Five is the documented ceiling for query-type subrequests, and newer
 * guides count collections against it too, so both stay within it.
 */
export const COMPOSITE_HEAVY_LIMIT = 5;

const subResponseSchema = z.looseObject({
    body: z.unknown(),
    httpStatusCode: z.number(),
    /** null on the one answer of a call refused as a whole (over a limit). */
    referenceId: z.string().nullable()
});
const compositeResponseSchema = z.looseObject({ compositeResponse: z.array(subResponseSchema) });
const pageSchema = z.looseObject({
    totalSize: z.number(),
    done: z.boolean(),
    nextRecordsUrl: z.string().optional(),
    records: z.array(z.unknown())
});
const errorListSchema = z.array(
    z.looseObject({ errorCode: z.string(), message: z.string().default('') })
);

type Subrequest = { method: 'GET' | 'POST' | 'PATCH'; url: string; body?: unknown };

async function composite(
    client: SalesforceClient,
    subrequests: readonly Subrequest[]
): Promise<z.infer<typeof subResponseSchema>[]> {
    const base = `/services/data/v${client.apiVersion}`;
    const raw = await client.request<unknown>({
        method: 'POST',
        path: '/composite',
        body: {
            allOrNone: false,
            collateSubrequests: false,
            compositeRequest: subrequests.map((s, i) => ({
                method: s.method,
                url: `${base}${s.url}`,
                referenceId: `r${i}`,
                ...(s.body === undefined ? {} : { body: s.body })
            }))
        }
    });
    const parsed = compositeResponseSchema.safeParse(raw);
    const refused = parsed.data?.compositeResponse.find((r) => r.referenceId === null);
    if (refused) throw subrequestError(refused.body, refused.httpStatusCode);
    if (!parsed.success || parsed.data.compositeResponse.length !== subrequests.length)
        throw new SalesforceApiError('UNEXPECTED_RESPONSE', 'composite answered unexpectedly', {
            cause: parsed.error,
            retryable: false
        });
    return parsed.data.compositeResponse;
}

function subrequestError(body: unknown, status: number): SalesforceApiError {
    const errors = errorListSchema.safeParse(body);
    const first = errors.success ? errors.data[0] : undefined;
    return new SalesforceApiError(
        first?.errorCode ?? 'UNEXPECTED_RESPONSE',
        first?.message ?? `composite subrequest answered ${status}`,
        { status, retryable: status >= 500 }
    );
}

/**
 * Runs several SOQL queries in composite calls of at most five, then follows each result's
 * `nextRecordsUrl` with plain queryMore calls, reading each page's child relationships to the
 * end first. Returns the raw rows per query, in order.
 */
export async function compositeQueries(
    client: SalesforceClient,
    queries: readonly Soql[]
): Promise<unknown[][]> {
    const results: unknown[][] = [];
    for (const group of chunk(queries, COMPOSITE_HEAVY_LIMIT)) {
        const responses = await composite(
            client,
            group.map((q) => ({ method: 'GET', url: `/query?q=${encodeURIComponent(q.text)}` }))
        );
        for (const response of responses) {
            if (response.httpStatusCode !== 200)
                throw subrequestError(response.body, response.httpStatusCode);
            let page = pageSchema.parse(response.body);
            const rows = await readChildPages(client, page.records);
            while (!page.done && page.nextRecordsUrl) {
                page = pageSchema.parse(
                    await client.request<unknown>({
                        method: 'GET',
                        path: nextRecordsPath(page.nextRecordsUrl)
                    })
                );
                rows.push(...(await readChildPages(client, page.records)));
            }
            results.push(rows);
        }
    }
    return results;
}

/** A record change as sObject Collections take it. */
export type CollectionWrite =
    | { op: 'update'; sobject: string; fields: FieldValues & { Id: string } }
    | { op: 'upsert'; sobject: string; externalIdField: string; fields: FieldValues }
    | { op: 'create'; sobject: string; fields: FieldValues };

const groupKey = (w: CollectionWrite) =>
    `${w.op}:${w.sobject}:${w.op === 'upsert' ? w.externalIdField : ''}`;

function toSubrequest(first: CollectionWrite, part: CollectionWrite[]): Subrequest {
    const records = part.map((w) => ({ attributes: { type: w.sobject }, ...w.fields }));
    const body = { allOrNone: false, records };
    if (first.op === 'upsert')
        return {
            method: 'PATCH',
            url: `/composite/sobjects/${first.sobject}/${first.externalIdField}`,
            body
        };
    return { method: first.op === 'update' ? 'PATCH' : 'POST', url: '/composite/sobjects', body };
}

/**
 * Writes many record changes with as few API calls as the platform allows: changes of one kind
 * (same operation, object and external id) go together in collections of 200, and up to five
 * collections go in one composite call. One result per input, in input order; a subrequest
 * that failed as a whole gives its error to each of its records.
 */
export async function writeCollections(
    client: SalesforceClient,
    writes: readonly CollectionWrite[]
): Promise<WriteResult[]> {
    const groups = new Map<string, number[]>();
    writes.forEach((w, i) => {
        const key = groupKey(w);
        groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const parts = [...groups.values()].flatMap((indexes) => chunk(indexes, COLLECTION_LIMIT));
    const results: WriteResult[] = new Array<WriteResult>(writes.length);
    for (const batch of chunk(parts, COMPOSITE_HEAVY_LIMIT)) {
        const subrequests = batch.map((indexes) =>
            toSubrequest(
                writes[indexes[0]!]!,
                indexes.map((i) => writes[i]!)
            )
        );
        const responses = await composite(client, subrequests);
        responses.forEach((response, n) => {
            const indexes = batch[n]!;
            const parsed = z.array(saveResultSchema).safeParse(response.body);
            if (
                response.httpStatusCode >= 300 ||
                !parsed.success ||
                parsed.data.length !== indexes.length
            ) {
                const error = subrequestError(response.body, response.httpStatusCode);
                const detail: RecordErrorDetail = {
                    statusCode: error.code,
                    message: error.message,
                    fields: []
                };
                for (const i of indexes) results[i] = { ok: false, errors: [detail] };
                return;
            }
            parsed.data.forEach((r, k) => {
                results[indexes[k]!] = toWriteResult(r);
            });
        });
    }
    return results;
}
