import { type Context, Hono } from 'hono';

import {
    deleteRecord,
    type DmlContext,
    existingRecord,
    insertRecord,
    resolveObject,
    updateRecord,
    upsertRecord
} from '../dml.ts';
import { enqueuedErrors, type RecordError, SalesforceError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { type DataEnv, jsonBody, sfJson } from '../http.ts';
import { recordJson } from '../record-json.ts';
import type { SandboxState } from '../state.ts';
import { dmlContext } from './sobjects.ts';

type Item = Record<string, unknown>;
type Body = { allOrNone?: boolean; records?: Item[] };
type Result = { id?: string; success: boolean; errors: RecordError[]; created?: boolean };

const MAX_RECORDS = 200;

const ROLLED_BACK: RecordError = {
    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    message:
        'Record rolled back because not all records were valid and the request was using AllOrNone header',
    fields: []
};

function checkSize(count: number) {
    if (count > MAX_RECORDS)
        throw new SalesforceError(
            'EXCEEDED_ID_LIMIT',
            'record limit reached. cannot submit more than 200 records into this call'
        );
}

function typeOf(item: Item): string {
    const type = (item.attributes as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string')
        throw new SalesforceError('INVALID_TYPE', 'No SObject Type defined in JSON');
    return type;
}

/**
 * Runs one operation per item inside the call's transaction: each failed item is rolled back to
 * its own savepoint; with allOrNone one failure rolls back everything (§A.6). Returns 200.
 */
function runEach<T>(
    ctx: DmlContext,
    items: T[],
    allOrNone: boolean,
    op: (item: T) => Result,
    idOf: (item: T) => string | undefined
) {
    const tx = ctx.tx;
    const start = tx.savepoint();
    let failed = false;
    const results: Result[] = items.map((item) => {
        const point = tx.savepoint();
        try {
            return op(item);
        } catch (error) {
            if (!(error instanceof SalesforceError)) throw error;
            tx.rollbackTo(point);
            failed = true;
            const id = idOf(item);
            return { ...(id ? { id } : {}), success: false, errors: [error.toRecordError()] };
        }
    });
    if (!allOrNone || !failed) return sfJson(results);
    tx.rollbackTo(start);
    return sfJson(
        results.map((r) =>
            r.success
                ? {
                      success: false,
                      errors: [ROLLED_BACK],
                      ...(r.created === undefined ? {} : { created: r.created })
                  }
                : r
        )
    );
}

async function recordsOf(c: Context<DataEnv>): Promise<{ allOrNone: boolean; records: Item[] }> {
    const body = await jsonBody<Body>(c);
    if (!Array.isArray(body.records))
        throw new SalesforceError('JSON_PARSER_ERROR', 'records is required');
    checkSize(body.records.length);
    return { allOrNone: body.allOrNone === true, records: body.records };
}

const bodyOf = (item: Item) =>
    Object.fromEntries(
        Object.entries(item).filter(([k]) => k !== 'attributes' && k.toLowerCase() !== 'id')
    );
const idOf = (item: Item) =>
    typeof item.id === 'string' ? item.id : typeof item.Id === 'string' ? item.Id : undefined;

/** sObject Collections: `/composite/sobjects` create, update, upsert, delete, retrieve. */
export function collectionRoutes(state: SandboxState) {
    return new Hono<DataEnv>()
        .post('/composite/sobjects', async (c) => {
            const ctx = dmlContext(state, c);
            const { allOrNone, records } = await recordsOf(c);
            return runEach(
                ctx,
                records,
                allOrNone,
                (item) => {
                    const fields = Object.fromEntries(
                        Object.entries(item).filter(([k]) => k !== 'attributes')
                    );
                    const record = insertRecord(ctx, typeOf(item), fields);
                    return { id: record.Id, success: true, errors: enqueuedErrors(record) };
                },
                () => undefined
            );
        })
        .patch('/composite/sobjects', async (c) => {
            const ctx = dmlContext(state, c);
            const { allOrNone, records } = await recordsOf(c);
            return runEach(
                ctx,
                records,
                allOrNone,
                (item) => {
                    const id = idOf(item);
                    if (!id)
                        throw new SalesforceError(
                            'MISSING_ARGUMENT',
                            'Id not specified in an update call',
                            { fields: ['Id'] }
                        );
                    return {
                        id: updateRecord(ctx, typeOf(item), id, bodyOf(item)).Id,
                        success: true,
                        errors: []
                    };
                },
                idOf
            );
        })
        .patch('/composite/sobjects/:type/:field', async (c) => {
            const ctx = dmlContext(state, c);
            const { allOrNone, records } = await recordsOf(c);
            const field = c.req.param('field');
            return runEach(
                ctx,
                records,
                allOrNone,
                (item) => {
                    const entry = Object.entries(item).find(
                        ([k]) => k.toLowerCase() === field.toLowerCase()
                    );
                    if (!entry || entry[1] === null || entry[1] === undefined)
                        throw new SalesforceError('MISSING_ARGUMENT', `${field} not specified`, {
                            fields: [field]
                        });
                    const { record, created } = upsertRecord(
                        ctx,
                        c.req.param('type'),
                        field,
                        String(entry[1]),
                        bodyOf(item)
                    );
                    return { id: record.Id, success: true, errors: [], created };
                },
                () => undefined
            );
        })
        .delete('/composite/sobjects', (c) => {
            const ctx = dmlContext(state, c);
            const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
            checkSize(ids.length);
            return runEach(
                ctx,
                ids,
                c.req.query('allOrNone') === 'true',
                (id) => {
                    const normalized = normalizeId(id);
                    if (!normalized)
                        throw new SalesforceError('MALFORMED_ID', `malformed id ${id}`, {
                            fields: []
                        });
                    const object = ctx.org.store.objectOf(normalized);
                    if (!object)
                        throw ctx.org.store.deleted(normalized)
                            ? new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted')
                            : new SalesforceError(
                                  'INVALID_CROSS_REFERENCE_KEY',
                                  'invalid cross reference id'
                              );
                    deleteRecord(ctx, object, id);
                    return { id, success: true, errors: [] };
                },
                (id) => id
            );
        })
        .on(['GET', 'POST'], '/composite/sobjects/:type', async (c) => {
            const ctx = dmlContext(state, c);
            const object = resolveObject(ctx.org, c.req.param('type'));
            const input =
                c.req.method === 'POST'
                    ? await jsonBody<{ ids?: string[]; fields?: string[] }>(c)
                    : {
                          ids: c.req.query('ids')?.split(','),
                          fields: c.req.query('fields')?.split(',')
                      };
            const ids = input.ids ?? [];
            checkSize(ids.length);
            const fields = (input.fields ?? []).map((name) => {
                const field = object.fields.get(name.toLowerCase());
                if (!field)
                    throw new SalesforceError(
                        'INVALID_FIELD',
                        `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
                    );
                return field.name;
            });
            return sfJson(
                ids.map((id) => {
                    try {
                        return recordJson(
                            object,
                            existingRecord(ctx, object, id),
                            c.get('version'),
                            fields.length ? fields : undefined
                        );
                    } catch {
                        return null;
                    }
                })
            );
        });
}
