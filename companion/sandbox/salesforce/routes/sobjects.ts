import { Hono, type Context } from 'hono';

import { describeGlobal, describeObject, describeSummary } from '../describe.ts';
import {
    deleteRecord,
    type DmlContext,
    existingRecord,
    insertRecord,
    matchExternalId,
    resolveObject,
    updateRecord,
    upsertRecord
} from '../dml.ts';
import { enqueuedErrors, notFound, SalesforceError } from '../errors.ts';
import { type DataEnv, jsonBody, noContent, recordUrl, sfJson } from '../http.ts';
import { recordJson } from '../record-json.ts';
import { findField, type ObjectDef } from '../schema/types.ts';
import type { SandboxState } from '../state.ts';

export function dmlContext(state: SandboxState, c: Context<DataEnv>): DmlContext {
    return { org: c.get('org'), tx: c.get('tx'), userId: c.get('userId'), now: state.clock.now() };
}

function fieldList(object: ObjectDef, param: string | undefined): string[] | undefined {
    if (!param) return undefined;
    return param.split(',').map((raw) => {
        const field = findField(object, raw.trim());
        if (!field)
            throw new SalesforceError(
                'INVALID_FIELD',
                `No such column '${raw.trim()}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
            );
        return field.name;
    });
}

function byExternalId(c: Context<DataEnv>) {
    const object = resolveObject(c.get('org'), c.req.param('type') ?? '');
    const fieldName = c.req.param('field') ?? '';
    const field = findField(object, fieldName);
    if (!field || (!field.externalId && field.type !== 'id'))
        throw notFound(
            `Provided external ID field does not exist or is not accessible: ${fieldName}`
        );
    const matches = matchExternalId(c.get('org'), object, field.name, c.req.param('value') ?? '');
    if (matches.length > 1)
        return {
            object,
            response: sfJson(
                matches.map((m) => recordUrl(c.get('version'), object.name, m.Id)),
                300
            )
        };
    if (!matches[0]) throw notFound();
    return { object, record: matches[0] };
}

/** `/sobjects` rows: describe, create, retrieve, update, delete, upsert by external id (§A.3, §A.4). */
export function sobjectRoutes(state: SandboxState) {
    return new Hono<DataEnv>()
        .get('/sobjects', (c) => sfJson(describeGlobal(c.get('org'), c.get('version'))))
        .get('/sobjects/:type', (c) => {
            const object = resolveObject(c.get('org'), c.req.param('type'));
            return sfJson({
                objectDescribe: describeSummary(object, c.get('version')),
                recentItems: []
            });
        })
        .get('/sobjects/:type/describe', (c) =>
            sfJson(
                describeObject(
                    c.get('org'),
                    resolveObject(c.get('org'), c.req.param('type')),
                    c.get('version')
                )
            )
        )
        .post('/sobjects/:type', async (c) => {
            const object = resolveObject(c.get('org'), c.req.param('type'));
            const record = insertRecord(dmlContext(state, c), object.name, await jsonBody(c));
            const errors = enqueuedErrors(record);
            return sfJson({ id: record.Id, success: true, errors }, 201, {
                location: recordUrl(c.get('version'), object.name, record.Id)
            });
        })
        .get('/sobjects/:type/:id', (c) => {
            const ctx = dmlContext(state, c);
            const object = resolveObject(ctx.org, c.req.param('type'));
            const record = existingRecord(ctx, object, c.req.param('id'));
            return sfJson(
                recordJson(
                    object,
                    record,
                    c.get('version'),
                    fieldList(object, c.req.query('fields'))
                )
            );
        })
        .patch('/sobjects/:type/:id', async (c) => {
            updateRecord(
                dmlContext(state, c),
                c.req.param('type'),
                c.req.param('id'),
                await jsonBody(c)
            );
            return noContent();
        })
        .delete('/sobjects/:type/:id', (c) => {
            deleteRecord(dmlContext(state, c), c.req.param('type'), c.req.param('id'));
            return noContent();
        })
        .get('/sobjects/:type/:field/:value', (c) => {
            const found = byExternalId(c);
            if (found.response) return found.response;
            return sfJson(
                recordJson(
                    found.object,
                    found.record,
                    c.get('version'),
                    fieldList(found.object, c.req.query('fields'))
                )
            );
        })
        .delete('/sobjects/:type/:field/:value', (c) => {
            const found = byExternalId(c);
            if (found.response) return found.response;
            deleteRecord(dmlContext(state, c), found.object.name, found.record.Id);
            return noContent();
        })
        .patch('/sobjects/:type/:field/:value', async (c) => {
            const ctx = dmlContext(state, c);
            const object = resolveObject(ctx.org, c.req.param('type'));
            const field = findField(object, c.req.param('field'));
            if (field && field.externalId) {
                const matches = matchExternalId(ctx.org, object, field.name, c.req.param('value'));
                if (matches.length > 1)
                    return sfJson(
                        matches.map((m) => recordUrl(c.get('version'), object.name, m.Id)),
                        300
                    );
            }
            const { record, created } = upsertRecord(
                ctx,
                object.name,
                c.req.param('field'),
                c.req.param('value'),
                await jsonBody(c)
            );
            const major = Number(c.get('version').slice(1, -2));
            if (!created && major < 46) return noContent();
            return sfJson(
                { id: record.Id, success: true, errors: [], created },
                created ? 201 : 200
            );
        });
}
