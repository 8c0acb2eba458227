import type { z } from 'zod';

import {
    call,
    upsertHeaders,
    withUniqueValue,
    type CallOptions,
    type CustomFieldInput,
    type ResourceContext
} from './common.ts';

/** An upsert by a unique custom field (reference §6.5, §6.9). */
export type UniqueUpsert<Body> = {
    key: string;
    value: string;
    body: Body;
    /** Create the record when none holds `value` (default true). */
    create?: boolean;
    /** What the body stores in the field, when not `value` (re-keying a record). */
    storedValue?: string;
};

/**
 * The calls on one record of a module whose answer envelope is `schema` (`recordOf` picks the
 * record out of it): `get` (`GET <path>/{id}`), `update` (`PUT <path>/{id}`) and `upsert` by a
 * unique custom field (`PUT <path>` with the unique-key headers; `created` when Zoho answers 201).
 */
export function recordCalls<
    S extends z.ZodType,
    Rec,
    Body extends { custom_fields?: CustomFieldInput[] } = never
>(ctx: ResourceContext, path: string, schema: S, recordOf: (data: z.output<S>) => Rec) {
    return {
        async get(id: string, options?: CallOptions): Promise<Rec> {
            const { data } = await call(
                ctx,
                { method: 'GET', path: `${path}/${id}`, schema },
                options
            );
            return recordOf(data);
        },
        async update(id: string, body: Body, options?: CallOptions): Promise<Rec> {
            const { data } = await call(
                ctx,
                { method: 'PUT', path: `${path}/${id}`, body, schema },
                options
            );
            return recordOf(data);
        },
        async upsert(
            input: UniqueUpsert<Body>,
            options?: CallOptions
        ): Promise<{ record: Rec; created: boolean }> {
            const { status, data } = await call(
                ctx,
                {
                    method: 'PUT',
                    path,
                    body: withUniqueValue(input.body, input.key, input.storedValue ?? input.value),
                    headers: upsertHeaders(input.key, input.value, input.create ?? true),
                    schema
                },
                options
            );
            return { record: recordOf(data), created: status === 201 };
        }
    };
}
