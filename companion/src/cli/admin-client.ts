import { z } from 'zod';

import { CliError, EXIT, exitForStatus } from './exit-codes.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type AdminClient = {
    get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>>;
    send<S extends z.ZodType>(
        method: 'POST' | 'DELETE',
        path: string,
        schema: S,
        body?: unknown
    ): Promise<z.infer<S>>;
};

/**
 * The admin API (`/v1/admin`) as the CLI calls it: the key as a bearer token, every answer
 * validated by its schema, every refusal a CliError with the exit code scripts rely on.
 */
export function createAdminClient(options: {
    url: string;
    key: string | undefined;
    fetch: typeof fetch;
}): AdminClient {
    const base = `${options.url.replace(/\/+$/, '')}/v1/admin`;
    async function call<S extends z.ZodType>(
        method: string,
        path: string,
        schema: S,
        body?: unknown
    ): Promise<z.infer<S>> {
        if (!options.key)
            throw new CliError(
                'no_key',
                'set CLOSEBOOKS_ADMIN_KEY (npm run keys -- create)',
                EXIT.refused
            );
        const res = await options
            .fetch(`${base}${path}`, {
                method,
                headers: {
                    authorization: `Bearer ${options.key}`,
                    ...(body === undefined ? {} : { 'content-type': 'application/json' })
                },
                ...(body === undefined ? {} : { body: JSON.stringify(body) })
            })
            .catch((error: unknown) => {
                throw new CliError(
                    'unreachable',
                    `cannot reach the companion at ${options.url} (${error instanceof Error ? error.message : String(error)})`,
                    EXIT.failed
                );
            });
        const text = await res.text();
        const json: unknown = text ? JSON.parse(text) : undefined;
        if (!res.ok) {
            const refused = errorSchema.safeParse(json);
            throw new CliError(
                refused.success ? refused.data.error.code : `http_${res.status}`,
                refused.success
                    ? refused.data.error.message
                    : `${method} ${path} answered ${res.status}`,
                exitForStatus(res.status)
            );
        }
        const parsed = schema.safeParse(json);
        if (!parsed.success)
            throw new CliError(
                'unexpected_answer',
                `${method} ${path} answered in an unexpected shape: ${parsed.error.message}`,
                EXIT.failed
            );
        return parsed.data;
    }
    return {
        get: (path, schema) => call('GET', path, schema),
        send: (method, path, schema, body) => call(method, path, schema, body)
    };
}
