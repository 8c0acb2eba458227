import { z } from 'zod';

import type { Clock } from '../src/clock.ts';

/**
 * The baseline's HTTP: plain fetch with a bearer token, a refresh on 401, and the iPaaS habit
 * of waiting out a 429 (Retry-After, else a simulated minute) and sending the same call again.
 */

export class NaiveCallError extends Error {
    readonly code = 'naive_call_failed';
    constructor(
        readonly status: number,
        message: string
    ) {
        super(message);
    }
}

const tokenSchema = z.object({ access_token: z.string().min(1) });

export type TokenSource = { current: string; refresh(): Promise<string> };

/** A token refreshed by the OAuth refresh-token grant at `tokenUrl`. */
export function refreshingToken(
    initial: string,
    tokenUrl: string,
    params: { client_id: string; client_secret: string; refresh_token: string }
): TokenSource {
    const source: TokenSource = {
        current: initial,
        async refresh() {
            const res = await fetch(tokenUrl, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                    grant_type: 'refresh_token',
                    client_id: params.client_id,
                    client_secret: params.client_secret,
                    refresh_token: params.refresh_token
                })
            });
            source.current = tokenSchema.parse(await res.json()).access_token;
            return source.current;
        }
    };
    return source;
}

export type NaiveHttp = {
    call<S extends z.ZodType>(
        schema: S,
        url: string,
        init: { method: string; body?: unknown }
    ): Promise<z.infer<S>>;
};

export function naiveHttp(options: {
    clock: Clock;
    token: TokenSource;
    scheme: 'Bearer' | 'Zoho-oauthtoken';
    signal: AbortSignal;
}): NaiveHttp {
    return {
        async call(schema, url, init) {
            let refreshed = false;
            for (;;) {
                const res = await fetch(url, {
                    method: init.method,
                    headers: {
                        authorization: `${options.scheme} ${options.token.current}`,
                        ...(init.body === undefined ? {} : { 'content-type': 'application/json' })
                    },
                    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
                    signal: options.signal
                });
                if (res.status === 429) {
                    await res.body?.cancel();
                    const after = Number(res.headers.get('retry-after'));
                    await options.clock.sleep(
                        Number.isFinite(after) && after > 0 ? after * 1000 : 60_000,
                        options.signal
                    );
                    continue;
                }
                if (res.status === 401 && !refreshed) {
                    await res.body?.cancel();
                    refreshed = true;
                    await options.token.refresh();
                    continue;
                }
                const text = await res.text();
                if (!res.ok)
                    throw new NaiveCallError(
                        res.status,
                        `${init.method} ${url}: ${res.status} ${text.slice(0, 200)}`
                    );
                return schema.parse(text === '' ? {} : JSON.parse(text));
            }
        }
    };
}
