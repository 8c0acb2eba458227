import type { z } from 'zod';

import type { ZohoHttp, QueryValue, ZohoRequest } from '../http.ts';
import type { Priority } from '../rate-policy.ts';
import type { PageContext } from '../schemas/common.ts';

/** What every resource module shares: the request core and per-call options. */

export type CallOptions = { priority?: Priority; signal?: AbortSignal };

export type ResourceContext = { http: ZohoHttp; priority: Priority };

export type Filters = Record<string, QueryValue>;

export type Page<T> = { rows: T[]; pageContext: PageContext | undefined; hasMore: boolean };

/** A custom field as written: by api_name (preferred) or id. */
export type CustomFieldInput =
    { api_name: string; value: unknown } | { customfield_id: string; value: unknown };

/** Zoho keeps the page size at 200 at most and the OAS default is 10: always send it. */
export const PER_PAGE = 200;

export async function call<S extends z.ZodType>(
    ctx: ResourceContext,
    req: Omit<ZohoRequest<S>, 'priority' | 'signal'>,
    options: CallOptions = {}
): Promise<{ status: number; data: z.output<S> }> {
    return ctx.http.send({
        ...req,
        priority: options.priority ?? ctx.priority,
        signal: options.signal
    });
}

/**
 * Each page of a page-numbered list as it is read, for a caller that works a page at a time.
 * `more(rows)` may end the walk early (a list sorted newest first, read back to a date).
 */
export async function* pagesOf<T>(
    fetchPage: (page: number) => Promise<Page<T>>,
    more: (rows: readonly T[]) => boolean = () => true
): AsyncGenerator<T[]> {
    for (let page = 1; ; page++) {
        const result = await fetchPage(page);
        if (result.rows.length > 0) yield result.rows;
        if (!result.hasMore || result.rows.length === 0 || !more(result.rows)) return;
    }
}

/** Every row of a paginated list, page by page, until `has_more_page` is false. */
export async function* allPages<T>(
    fetchPage: (page: number) => Promise<Page<T>>
): AsyncGenerator<T> {
    for await (const rows of pagesOf(fetchPage)) yield* rows;
}

export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const row of rows) out.push(row);
    return out;
}

export function page<T>(rows: T[], pageContext: PageContext | undefined): Page<T> {
    return { rows, pageContext, hasMore: pageContext?.has_more_page ?? false };
}

/**
 * One page of a Zoho list endpoint (`GET path` with the caller's filters, 200 rows a page);
 * `rowsOf` picks the module's array out of the envelope.
 */
export function listPage<S extends z.ZodType<{ page_context?: PageContext | undefined }>, F, Row>(
    ctx: ResourceContext,
    path: string,
    schema: S,
    rowsOf: (data: z.output<S>) => Row[]
) {
    return async (filters?: F, pageNumber = 1, options?: CallOptions): Promise<Page<Row>> => {
        const query = { ...(filters as Filters | undefined), page: pageNumber, per_page: PER_PAGE };
        const { data } = await call(ctx, { method: 'GET', path, query, schema }, options);
        return page(rowsOf(data), data.page_context);
    };
}

/**
 * The body of a unique-custom-field upsert. The headers only find the record: Zoho stores what
 * the body carries, so the key's value also goes in `custom_fields` (replacing any other value
 * the body gives the same field), or a created record would lack the key and a retry would
 * create a second one.
 */
export function withUniqueValue<B extends { custom_fields?: CustomFieldInput[] }>(
    body: B,
    key: string,
    value: string
): B {
    const others = (body.custom_fields ?? []).filter(
        (f) => !('api_name' in f) || f.api_name !== key
    );
    return { ...body, custom_fields: [...others, { api_name: key, value }] };
}

/** Headers of the unique-custom-field upsert `PUT /<module>` (reference §6.5, §6.9). */
export function upsertHeaders(key: string, value: string, create: boolean): Record<string, string> {
    return {
        'X-Unique-Identifier-Key': key,
        'X-Unique-Identifier-Value': value,
        ...(create ? { 'X-Upsert': 'true' } : {})
    };
}
