import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

import type { ApiEnv } from '../deps.ts';
import { isDate } from '../time.ts';

/** Zoho accepts numbers or numeric strings for amounts and quantities. */
export const num = z.union([
    z.number().finite(),
    z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?$/)
        .transform(Number)
]);

export const idString = z.union([z.string().regex(/^\d+$/), z.number().int().transform(String)]);

export const dateString = z.string().refine(isDate);

export function ok(
    c: Context<ApiEnv>,
    message: string,
    payload: Record<string, unknown> = {},
    status: ContentfulStatusCode = 200
) {
    return c.json({ code: 0, message, ...payload }, status);
}

export function queryFlag(c: Context, name: string): boolean {
    return c.req.query(name)?.toLowerCase() === 'true';
}

/** A copy of `record` without `keys` (list rows are thinner than single records). */
export function omit<T extends Record<string, unknown>, K extends keyof T>(
    record: T,
    keys: K[]
): Omit<T, K> {
    const out: Record<string, unknown> = { ...record };
    for (const key of keys) delete out[key as string];
    return out as Omit<T, K>;
}
