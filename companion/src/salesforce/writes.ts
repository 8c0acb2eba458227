import { z } from 'zod';

import type { SalesforceClient } from './connection.ts';
import { SalesforceApiError, SalesforceInputError, type RecordErrorDetail } from './errors.ts';
import { assertApiName, assertSalesforceId } from './names.ts';

/** sObject Collections take at most 200 records per call. */
export const COLLECTION_LIMIT = 200;

export type WriteResult =
    { ok: true; id: string; created?: boolean } | { ok: false; errors: RecordErrorDetail[] };

export type FieldValues = Record<string, unknown>;

export const saveResultSchema = z.looseObject({
    id: z.string().nullish(),
    success: z.boolean(),
    created: z.boolean().optional(),
    errors: z
        .array(
            z.looseObject({
                statusCode: z.string(),
                message: z.string().default(''),
                fields: z.array(z.string()).default([])
            })
        )
        .default([])
});
const saveResultsSchema = z.array(saveResultSchema);
export type SaveResult = z.infer<typeof saveResultSchema>;

/**
 * Platform-event publishes succeed with an `OPERATION_ENQUEUED` entry in `errors`; it is a
 * receipt, not an error.
 */
const NOT_ERRORS = new Set(['OPERATION_ENQUEUED']);

export function toWriteResult(result: SaveResult): WriteResult {
    const errors = result.errors
        .filter((e) => !NOT_ERRORS.has(e.statusCode))
        .map(({ statusCode, message, fields }) => ({ statusCode, message, fields }));
    if (result.success && result.id)
        return {
            ok: true,
            id: result.id,
            ...(result.created === undefined ? {} : { created: result.created })
        };
    return {
        ok: false,
        errors: errors.length
            ? errors
            : [{ statusCode: 'UNKNOWN_EXCEPTION', message: 'no id returned', fields: [] }]
    };
}

export function chunk<T>(items: readonly T[], size = COLLECTION_LIMIT): T[][] {
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return chunks;
}

function rejectIdField(record: FieldValues): void {
    if ('Id' in record || 'id' in record)
        throw new SalesforceInputError('Id is not allowed in a create or upsert record');
}

async function sendChunks(
    client: SalesforceClient,
    method: 'POST' | 'PATCH',
    path: string,
    records: FieldValues[]
): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    for (const part of chunk(records)) {
        const raw = await client.request<unknown>({
            method,
            path,
            body: { allOrNone: false, records: part }
        });
        const parsed = saveResultsSchema.safeParse(raw);
        if (!parsed.success || parsed.data.length !== part.length)
            throw new SalesforceApiError(
                'UNEXPECTED_RESPONSE',
                `collection answered ${parsed.success ? parsed.data.length : 'malformed'} results for ${part.length} records`,
                { cause: parsed.error, retryable: false }
            );
        results.push(...parsed.data.map(toWriteResult));
    }
    return results;
}

const typed = (object: string, record: FieldValues) => ({
    attributes: { type: object },
    ...record
});

/**
 * Creates records through sObject Collections, ≤ 200 per call, `allOrNone: false`; one result
 * per input record, in input order.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html
 */
export async function createMany(
    client: SalesforceClient,
    object: string,
    records: readonly FieldValues[]
): Promise<WriteResult[]> {
    assertApiName(object, 'object');
    records.forEach(rejectIdField);
    return sendChunks(
        client,
        'POST',
        '/composite/sobjects',
        records.map((r) => typed(object, r))
    );
}

/** Updates records (each carries its `Id`) through sObject Collections, as `createMany`. */
export async function updateMany(
    client: SalesforceClient,
    object: string,
    records: readonly (FieldValues & { Id: string })[]
): Promise<WriteResult[]> {
    assertApiName(object, 'object');
    for (const r of records) assertSalesforceId(r.Id, `${object}.Id`);
    return sendChunks(
        client,
        'PATCH',
        '/composite/sobjects',
        records.map((r) => typed(object, r))
    );
}

/**
 * Upserts by an external id field (each record carries it); results say `created` true or
 * false. One object per call, as the URL names it.
 */
export async function upsertMany(
    client: SalesforceClient,
    object: string,
    externalIdField: string,
    records: readonly FieldValues[]
): Promise<WriteResult[]> {
    assertApiName(object, 'object');
    assertApiName(externalIdField, 'external id field');
    records.forEach(rejectIdField);
    for (const r of records)
        if (r[externalIdField] === undefined || r[externalIdField] === null)
            throw new SalesforceInputError(`a record has no ${externalIdField} to upsert by`);
    return sendChunks(
        client,
        'PATCH',
        `/composite/sobjects/${object}/${externalIdField}`,
        records.map((r) => typed(object, r))
    );
}
