import type { Context } from 'hono';

import { type ApiErrorItem, SalesforceError } from './errors.ts';
import type { Org } from './org.ts';
import type { Transaction } from './records.ts';

export type DataEnv = {
    Variables: {
        org: Org;
        userId: string;
        tx: Transaction;
        /** `v65.0` as in the URL. */
        version: string;
        /** Set by a handler whose transaction must not commit (allOrNone failure). */
        rollback: boolean;
    };
};

const JSON_TYPE = 'application/json;charset=UTF-8';

/** JSON the way the org sends it: jsforce only parses `application/json` bodies (§A.2). */
export function sfJson(
    body: unknown,
    status = 200,
    headers: Record<string, string> = {}
): Response {
    return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': JSON_TYPE, ...headers }
    });
}

export function noContent(): Response {
    return new Response(null, { status: 204 });
}

export function errorResponse(error: SalesforceError): Response {
    return sfJson(error.toBody() satisfies ApiErrorItem[], error.status);
}

/** Reads a JSON object body, answering malformed JSON (or a non-object) the way an org does. */
export async function jsonBody<T = Record<string, unknown>>(c: Context): Promise<T> {
    const text = await c.req.text();
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new SalesforceError(
            'JSON_PARSER_ERROR',
            `Unexpected character in request body: ${text.slice(0, 40)}`
        );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new SalesforceError(
            'JSON_PARSER_ERROR',
            `Cannot deserialize instance of SObject from ${Array.isArray(parsed) ? 'START_ARRAY' : 'VALUE_STRING'} token`
        );
    return parsed as T;
}

export function recordUrl(version: string, object: string, id: string): string {
    return `/services/data/${version}/sobjects/${object}/${id}`;
}
