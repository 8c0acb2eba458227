import type { Context } from 'hono';
import type { z } from 'zod';

import { ZohoError, zohoErrors } from './errors.ts';

/**
 * Reads a write body in either form Zoho accepts (reference §3.2): raw JSON, or a
 * form-encoded body whose `JSONString` field holds the JSON. Anything else is 1038.
 */
async function readJsonBody(c: Context): Promise<unknown> {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('multipart/form-data'))
        return jsonStringField((await c.req.formData()).get('JSONString'));
    const text = await c.req.text();
    if (type.includes('application/x-www-form-urlencoded'))
        return jsonStringField(new URLSearchParams(text).get('JSONString'));
    if (text.trim() === '') return {};
    return parseJson(text);
}

function jsonStringField(value: unknown): unknown {
    if (typeof value !== 'string') throw zohoErrors.malformedJson();
    return parseJson(value);
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        throw zohoErrors.malformedJson();
    }
}

/** Validates with zod; the first issue becomes Zoho's "Invalid value passed for <field>" (code 2). */
function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const field = issue?.path.filter((p) => typeof p === 'string').at(-1) ?? 'JSONString';
    throw new ZohoError(400, 2, `Invalid value passed for ${String(field)}`);
}

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
    const raw = await readJsonBody(c);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw zohoErrors.malformedJson();
    return validate(schema, raw);
}
