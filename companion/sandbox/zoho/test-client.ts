import type { OrgCredentials } from './provision.ts';
import type { ZohoSandbox } from './zoho-sandbox.ts';

/**
 * A minimal caller of the imitated Books API for the simulator's own tests: it builds URLs
 * from `api_domain` exactly as the companion's client does and returns status, headers and
 * the parsed body.
 */
type Call = {
    query?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
    token?: string;
    /** Omit `organization_id` from the query. */
    noOrg?: boolean;
};
export type Reply = { status: number; headers: Headers; body: Record<string, unknown> };

export function booksClient(sandbox: ZohoSandbox, creds: OrgCredentials) {
    async function call(method: string, path: string, options: Call = {}): Promise<Reply> {
        const url = new URL(`${creds.api_domain}/books/v3${path}`);
        if (!options.noOrg) url.searchParams.set('organization_id', creds.organization_id);
        for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
        const res = await sandbox.app.request(url.toString(), {
            method,
            headers: {
                authorization: `Zoho-oauthtoken ${options.token ?? creds.access_token}`,
                ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
                ...options.headers
            },
            body: options.body === undefined ? undefined : JSON.stringify(options.body)
        });
        return {
            status: res.status,
            headers: res.headers,
            body: (await res.json()) as Record<string, unknown>
        };
    }
    return {
        call,
        get: (path: string, options?: Call) => call('GET', path, options),
        post: (path: string, body?: unknown, options?: Call) =>
            call('POST', path, { ...options, body }),
        put: (path: string, body?: unknown, options?: Call) =>
            call('PUT', path, { ...options, body }),
        del: (path: string, options?: Call) => call('DELETE', path, options)
    };
}

/** Posts form parameters to an accounts-server path, as OAuth clients do. */
export async function accountsPost(
    sandbox: ZohoSandbox,
    url: string,
    params: Record<string, string>
) {
    const res = await sandbox.app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString()
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
