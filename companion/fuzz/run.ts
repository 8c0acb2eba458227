import fc from 'fast-check';

import type { Db } from '../src/store/db.ts';
import { changedTables, createFingerprint } from './fingerprint.ts';
import { requestArbitrary, type FuzzRequest } from './requests.ts';
import { seedBodies } from './seeds.ts';
import type { FuzzTarget } from './target.ts';

/** What one fuzz case broke, with the request that broke it. */
export type FuzzViolation = { request: FuzzRequest; status: number; problem: string };

export type FuzzReport = {
    seed: number;
    cases: number;
    routes: number;
    /** Responses per route and status, e.g. `{"POST /v1/salesforce/events": {"400": 12}}`. */
    statuses: Record<string, Record<string, number>>;
    /** The first violation, shrunk to a smallest request that still shows it. */
    violation?: FuzzViolation;
};

/** Our error body (`{"error": {"code", "message"}}`), or JSON-RPC's on the MCP endpoint. */
const isJsonError = (body: string, jsonRpc: boolean) => {
    try {
        const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
        const code = typeof parsed.error?.code;
        return (
            (code === 'string' || (jsonRpc && code === 'number')) &&
            typeof parsed.error?.message === 'string'
        );
    } catch {
        return false;
    }
};

/** How long an answer's body may take to end: an answer that streams on is a violation, not a hang. */
const BODY_MS = 10_000;

/** The body as text, or undefined when it has not ended within `ms` (the body is then cancelled). */
async function bodyWithin(res: Response, ms: number): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
    });
    try {
        const body = await Promise.race([res.text(), late]);
        if (body === undefined) await res.body?.cancel().catch(() => undefined);
        return body;
    } finally {
        clearTimeout(timer);
    }
}

/** The OAuth callbacks are opened by a browser, so they answer with a page, not JSON. */
const BROWSER_ROUTES = /^GET \/v1\/oauth\/[a-z]+\/callback$/;

/**
 * Checks one answer: never a 5xx; a refusal is a JSON error (a page on the browser routes);
 * a refusal stored nothing.
 */
function problemWith(
    request: FuzzRequest,
    res: { status: number; body: string; contentType: string },
    changed: readonly string[]
): string | undefined {
    const { status, body } = res;
    const page = BROWSER_ROUTES.test(request.route) && res.contentType.startsWith('text/html');
    if (status >= 500) return `answered ${status}: ${body.slice(0, 300)}`;
    if (status >= 400 && !page && !isJsonError(body, request.route === 'POST /mcp'))
        return `refused (${status}) without a JSON error body: ${body.slice(0, 200)}`;
    if (status >= 400 && changed.length > 0)
        return `refused (${status}) but changed ${changed.join(', ')}`;
    return undefined;
}

/**
 * Sends `cases` generated requests at every route of the target, one after the other, and
 * checks each answer (see `problemWith`); a process-level unhandled rejection fails the run too.
 * Stops at the first violation, after fast-check has shrunk it.
 */
export async function runFuzz(
    target: FuzzTarget,
    db: Db,
    options: { cases: number; seed: number; now: string; onCase?: (done: number) => void }
): Promise<FuzzReport> {
    const fingerprint = await createFingerprint(db);
    let last = await fingerprint();
    const statuses: FuzzReport['statuses'] = {};
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    let done = 0;
    let violation: FuzzViolation | undefined;
    const property = fc.asyncProperty(
        requestArbitrary(target.routes, target.facts, seedBodies(target.facts, options.now)),
        async (request) => {
            const res = await target.request(request.path, {
                method: request.method,
                headers: request.headers,
                ...(request.body === undefined ? {} : { body: request.body })
            });
            const body = await bodyWithin(res, BODY_MS);
            if (body === undefined) {
                violation = {
                    request,
                    status: res.status,
                    problem: `answered ${res.status} with a body that did not end within ${BODY_MS} ms`
                };
                return false;
            }
            const now = await fingerprint();
            const changed = changedTables(last, now);
            last = now;
            const byRoute = (statuses[request.route] ??= {});
            byRoute[res.status] = (byRoute[res.status] ?? 0) + 1;
            options.onCase?.(++done);
            const problem =
                problemWith(
                    request,
                    {
                        status: res.status,
                        body,
                        contentType: res.headers.get('content-type') ?? ''
                    },
                    changed
                ) ??
                (rejections.length > 0
                    ? `unhandled rejection: ${String(rejections[0])}`
                    : undefined);
            if (problem) {
                violation = { request, status: res.status, problem };
                return false;
            }
            return true;
        }
    );
    try {
        await fc.check(property, {
            numRuns: options.cases,
            seed: options.seed,
            endOnFailure: false
        });
    } finally {
        process.off('unhandledRejection', onRejection);
    }
    return {
        seed: options.seed,
        cases: options.cases,
        routes: target.routes.length,
        statuses,
        ...(violation ? { violation } : {})
    };
}
