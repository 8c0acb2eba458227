import type { Context, MiddlewareHandler } from 'hono';

import { commitTransaction } from '../commit.ts';
import { invalidSession, notFound, SalesforceError } from '../errors.ts';
import { takeServerError } from '../faults.ts';
import { type DataEnv, errorResponse } from '../http.ts';
import { countRequest, limitInfoHeader } from '../limits.ts';
import type { Org } from '../org.ts';
import { Transaction } from '../records.ts';
import { LATEST_API_VERSION, MIN_API_VERSION, type SandboxState } from '../state.ts';

/** A composite subrequest runs inside its parent's transaction and is not counted again. */
export type InternalCall = { org: Org; userId: string; tx: Transaction };
export const INTERNAL_HEADER = 'x-sandbox-internal-call';

function parseVersion(segment: string | undefined): string | undefined {
    if (segment === 'latest') return `v${LATEST_API_VERSION}.0`;
    const match = /^v(\d+)\.0$/.exec(segment ?? '');
    const major = Number(match?.[1]);
    return match && major >= MIN_API_VERSION && major <= LATEST_API_VERSION
        ? `v${major}.0`
        : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function bearer(c: Context): string | undefined {
    const header = c.req.header('authorization') ?? '';
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header);
    return match?.[1];
}

async function injectedFault(state: SandboxState, org: Org): Promise<Response | undefined> {
    if (org.faults.latencyMs > 0) await sleep(org.faults.latencyMs);
    const status = takeServerError(org.faults);
    if (status === 503)
        return errorResponse(
            new SalesforceError('SERVER_UNAVAILABLE', 'Server temporarily unavailable', { status })
        );
    if (status === 500)
        return errorResponse(
            new SalesforceError(
                'UNKNOWN_EXCEPTION',
                'An unexpected error occurred. Please include this ErrorId if you contact support: 1467539224-84361 (-1183627370)',
                { status }
            )
        );
    if (org.faults.requestLimitExceeded || !countRequest(org.usage, state.clock.now()))
        return errorResponse(
            new SalesforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', {
                status: 403
            })
        );
    return undefined;
}

/**
 * Everything under `/services/data/vXX.X/`: version check, bearer session, injected faults, the
 * daily request count with `Sforce-Limit-Info` on every answer, and one transaction per call,
 * committed when the handler succeeds and rolled back when it fails.
 */
export function dataApiMiddleware(
    state: SandboxState,
    internalCalls: Map<string, InternalCall>
): MiddlewareHandler<DataEnv> {
    return async (c, next) => {
        const version = parseVersion(c.req.path.split('/')[3]);
        if (!version) return errorResponse(notFound());
        c.set('version', version);
        c.set('rollback', false);
        const internal = internalCalls.get(c.req.header(INTERNAL_HEADER) ?? '');
        if (internal) {
            c.set('org', internal.org);
            c.set('userId', internal.userId);
            c.set('tx', internal.tx);
            await next();
            return;
        }
        const token = bearer(c);
        const session = token ? state.sessions.resolve(token, state.clock.now()) : undefined;
        const org = session ? state.orgs.get(session.orgId) : undefined;
        if (!session || !org) return errorResponse(invalidSession());
        const fault = await injectedFault(state, org);
        if (fault) {
            fault.headers.set('Sforce-Limit-Info', limitInfoHeader(org.usage, state.clock.now()));
            return fault;
        }
        const tx = new Transaction();
        c.set('org', org);
        c.set('userId', session.userId);
        c.set('tx', tx);
        await next();
        if (c.error || c.get('rollback') || c.res.status >= 400) tx.rollback();
        else commitTransaction(state, org, tx);
        c.res.headers.set('Sforce-Limit-Info', limitInfoHeader(org.usage, state.clock.now()));
    };
}
