import { randomUUID } from 'node:crypto';

import { Hono } from 'hono';

import { SalesforceError } from '../errors.ts';
import { type DataEnv, jsonBody, sfJson } from '../http.ts';
import { INTERNAL_HEADER, type InternalCall } from './data-api.ts';

type Subrequest = {
    method?: string;
    url?: string;
    referenceId?: string;
    body?: unknown;
    httpHeaders?: Record<string, string>;
};
type SubResponse = {
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
};

const MAX_SUBREQUESTS = 25;
/**
 * At most five query-type subrequests (query, queryAll, queryMore) per call; newer guides count
 * sObject Collections against the same five (reference §A.7), so both count here.
 */
const MAX_HEAVY = 5;
const isHeavy = (sub: Subrequest) =>
    /\/services\/data\/[^/]+\/(query|queryAll|composite\/sobjects)(\/|\?|$)/.test(sub.url ?? '');

/**
 * A call over a limit is refused as a whole, inside a 200 answer: one sub-response with status
 * 400, `LIMIT_EXCEEDED` and no referenceId (as an org answers more than 25 operations).
 */
const limitExceeded = (message: string) =>
    sfJson({
        compositeResponse: [
            {
                body: [{ errorCode: 'LIMIT_EXCEEDED', message }],
                httpHeaders: {},
                httpStatusCode: 400,
                referenceId: null
            }
        ]
    });
const FORBIDDEN_HEADERS = ['accept', 'authorization', 'content-type'];

const halted = (referenceId: string, message: string): SubResponse => ({
    body: [{ errorCode: 'PROCESSING_HALTED', message }],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId
});

class UnresolvedReference extends Error {}

/** Reads `ref.records[0].Id`-style paths out of earlier results. */
function lookup(results: Map<string, unknown>, expression: string): unknown {
    const [refId = '', ...rest] = expression.split('.');
    const head = /^([^[]+)(.*)$/.exec(refId);
    if (!head || !results.has(head[1]!)) throw new UnresolvedReference(expression);
    let value: unknown = results.get(head[1]!);
    const steps = [...(head[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const path: Array<string | number> = [...steps];
    for (const part of rest) {
        const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
        if (!m) throw new UnresolvedReference(expression);
        path.push(m[1]!, ...[...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1])));
    }
    for (const key of path) {
        if (value === null || typeof value !== 'object') throw new UnresolvedReference(expression);
        value = (value as Record<string | number, unknown>)[key];
    }
    if (value === undefined) throw new UnresolvedReference(expression);
    return value;
}

function resolveRefs(value: unknown, results: Map<string, unknown>): unknown {
    if (typeof value === 'string') {
        const whole = /^@\{([^}]+)\}$/.exec(value);
        if (whole) return lookup(results, whole[1]!);
        return value.replace(/@\{([^}]+)\}/g, (_, expression: string) =>
            String(lookup(results, expression))
        );
    }
    if (Array.isArray(value)) return value.map((v) => resolveRefs(v, results));
    if (value && typeof value === 'object')
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, resolveRefs(v, results)])
        );
    return value;
}

/**
 * `POST /composite` (§A.7): up to 25 subrequests (five of them queries or collections) in
 * order, one transaction, one API call;
 * `@{ref.field}` references to earlier results; allOrNone rolls everything back and reports
 * PROCESSING_HALTED for the rest. The top-level status is always 200.
 */
export function compositeRoutes(
    calls: Map<string, InternalCall>,
    dispatch: (request: Request) => Promise<Response> | Response
) {
    return new Hono<DataEnv>().post('/composite', async (c) => {
        const input = await jsonBody<{ allOrNone?: boolean; compositeRequest?: Subrequest[] }>(c);
        const subrequests = input.compositeRequest;
        if (!Array.isArray(subrequests) || subrequests.length === 0)
            throw new SalesforceError('JSON_PARSER_ERROR', 'compositeRequest is required');
        if (subrequests.length > MAX_SUBREQUESTS)
            return limitExceeded(
                `The request can’t contain more than ${MAX_SUBREQUESTS} operations.`
            );
        if (subrequests.filter(isHeavy).length > MAX_HEAVY)
            return limitExceeded(
                `The request can’t contain more than ${MAX_HEAVY} query or sObject Collections operations.`
            );
        for (const sub of subrequests) {
            const bad = Object.keys(sub.httpHeaders ?? {}).find((h) =>
                FORBIDDEN_HEADERS.includes(h.toLowerCase())
            );
            if (bad)
                throw new SalesforceError(
                    'INVALID_INPUT',
                    `The ${bad} header is not allowed in a subrequest`
                );
            if (!sub.referenceId || !sub.url || !sub.method)
                throw new SalesforceError(
                    'JSON_PARSER_ERROR',
                    'method, url and referenceId are required in each subrequest'
                );
        }
        const tx = c.get('tx');
        const key = randomUUID();
        calls.set(key, { org: c.get('org'), userId: c.get('userId'), tx });
        const results = new Map<string, unknown>();
        const responses: SubResponse[] = [];
        let failed = false;
        try {
            for (const sub of subrequests) {
                const referenceId = sub.referenceId!;
                if (failed && input.allOrNone) {
                    responses.push(
                        halted(
                            referenceId,
                            'The transaction was rolled back since another operation in the same transaction failed.'
                        )
                    );
                    continue;
                }
                let url: string;
                let body: unknown;
                try {
                    url = String(resolveRefs(sub.url, results));
                    body = resolveRefs(sub.body, results);
                } catch (error) {
                    if (!(error instanceof UnresolvedReference)) throw error;
                    failed = true;
                    responses.push(
                        halted(
                            referenceId,
                            `Invalid reference specified. No value for ${error.message} found in ${referenceId}. Provided referenceId ${error.message.split('.')[0]} isn't valid or isn't visible in the composite request.`
                        )
                    );
                    continue;
                }
                const point = tx.savepoint();
                const response = await dispatch(
                    new Request(new URL(url, c.req.url), {
                        method: sub.method!.toUpperCase(),
                        headers: {
                            ...(sub.httpHeaders ?? {}),
                            'content-type': 'application/json',
                            [INTERNAL_HEADER]: key
                        },
                        ...(body === undefined ? {} : { body: JSON.stringify(body) })
                    })
                );
                const text = await response.text();
                const parsed: unknown = text === '' ? null : JSON.parse(text);
                const location = response.headers.get('location');
                responses.push({
                    body: parsed,
                    httpHeaders: location ? { Location: location } : {},
                    httpStatusCode: response.status,
                    referenceId
                });
                if (response.status >= 400) {
                    failed = true;
                    tx.rollbackTo(point);
                } else results.set(referenceId, parsed);
            }
        } finally {
            calls.delete(key);
        }
        if (failed && input.allOrNone) {
            tx.rollback();
            c.set('rollback', true);
            for (const [i, response] of responses.entries())
                if (response.httpStatusCode < 400)
                    responses[i] = halted(
                        response.referenceId,
                        'The transaction was rolled back since another operation in the same transaction failed.'
                    );
        }
        return sfJson({ compositeResponse: responses });
    });
}
