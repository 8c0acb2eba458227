import { z } from 'zod';

import { EVENT_HEADERS } from '../../src/contracts/salesforce-events.ts';
import type { ControlApi } from '../salesforce/control-api.ts';
import { ConsoleError } from './errors.ts';

/** What an Apex stand-in reads and calls: the simulated org, its companion, its labels. */
export type ApexContext = {
    salesforce: ControlApi;
    orgId: string;
    /** The user the console acts as (the sales rep), by username. */
    username: string;
    labels: ReadonlyMap<string, string>;
    now: () => number;
    fetch: typeof fetch;
};

/** One Apex method's stand-in: its parameters by name in, its answer out. */
export type ApexMethod = (
    params: Record<string, unknown>,
    ctx: ApexContext
) => Promise<unknown> | unknown;

/** An `AuraHandledException`: the component receives `{body: {message}}`. */
export class AuraHandledError extends ConsoleError {
    constructor(message: string) {
        super('console_refused', message);
    }
}

/**
 * What `CompanionCalloutService.send` does: calls the companion through the org's Named
 * Credential (its connection id and secret headers) and parses the JSON answer; a non-2xx answer
 * or an unreachable companion is an error with the companion's message.
 */
export async function callout(ctx: ApexContext, method: string, path: string, body?: unknown) {
    const target = ctx.salesforce.org(ctx.orgId).companion;
    if (!target) throw new AuraHandledError('The companion is not configured in this org.');
    const response = await ctx
        .fetch(`${target.url}${path}`, {
            method,
            headers: {
                accept: 'application/json',
                [EVENT_HEADERS.connection]: target.connectionId,
                [EVENT_HEADERS.secret]: target.secret,
                ...(body === undefined ? {} : { 'content-type': 'application/json' })
            },
            body: body === undefined ? undefined : JSON.stringify(body)
        })
        .catch((error: unknown) => {
            throw new AuraHandledError(`The companion cannot be reached: ${String(error)}`);
        });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
        const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(answer);
        throw new AuraHandledError(
            parsed.success
                ? parsed.data.error.message
                : `The companion answered ${response.status}.`
        );
    }
    return answer;
}
