import fc from 'fast-check';

import { EVENT_HEADERS } from '../src/contracts/salesforce-events.ts';
import { WEBHOOK_TOKEN_HEADER } from '../src/http/zoho-webhooks.ts';
import type { Route, TargetFacts } from './target.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One generated request: the route it aims at and what is sent. */
export type FuzzRequest = {
    route: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    /** Text, or raw bytes (often not UTF-8). */
    body?: string | Uint8Array<ArrayBuffer>;
};

/** Values that break naive code: limits, types that look alike, odd text. */
const EDGE_VALUES: Json[] = [
    '',
    ' ',
    '0',
    '-1',
    'null',
    'true',
    '006',
    '９９',
    '\u0000',
    '\u202e',
    '💸',
    "' OR 1=1 --",
    '../../etc/passwd',
    '2026-02-30T25:61:00Z',
    'x'.repeat(5_000),
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    9_007_199_254_740_993,
    true,
    false,
    null,
    [],
    {},
    [null],
    { __proto__: { polluted: true } } as unknown as Json,
    { constructor: { prototype: { polluted: true } } }
];

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const asciiHeader = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 60
});
const jsonValue: fc.Arbitrary<Json> = fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_VALUES) }
);

/** Every node of a JSON value in depth-first order, with a function that replaces or drops it. */
function nodes(root: Json): { value: Json; set: (v: Json | undefined) => Json }[] {
    const out: { value: Json; set: (v: Json | undefined) => Json }[] = [];
    const walk = (value: Json, rebuild: (v: Json | undefined) => Json) => {
        out.push({ value, set: rebuild });
        if (Array.isArray(value)) {
            value.forEach((child, i) =>
                walk(child, (v) =>
                    rebuild(
                        v === undefined
                            ? value.filter((_, j) => j !== i)
                            : value.map((c, j) => (j === i ? v : c))
                    )
                )
            );
        } else if (value !== null && typeof value === 'object') {
            for (const key of Object.keys(value))
                walk(value[key] as Json, (v) => {
                    const copy = { ...value };
                    if (v === undefined) delete copy[key];
                    else copy[key] = v;
                    return rebuild(copy);
                });
        }
    };
    walk(root, (v) => v ?? null);
    return out;
}

type Mutation = { at: number; kind: 'replace' | 'drop' | 'add' | 'wrap'; key: string; value: Json };

/** Applies one mutation to a JSON value (pure): replace a node, drop it, add a key, wrap it. */
export function mutate(root: Json, m: Mutation): Json {
    const all = nodes(root);
    const target = all[m.at % all.length];
    if (!target) return root;
    switch (m.kind) {
        case 'replace':
            return target.set(m.value);
        case 'drop':
            return target.set(undefined);
        case 'add':
            return target.value !== null &&
                typeof target.value === 'object' &&
                !Array.isArray(target.value)
                ? target.set({ ...target.value, [m.key]: m.value })
                : target.set([target.value, m.value]);
        case 'wrap':
            return target.set([target.value]);
    }
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('replace', 'drop', 'add', 'wrap'),
    key: fc.oneof(text, fc.constantFrom('__proto__', 'constructor', 'id', 'type', 'events')),
    value: jsonValue
});

/** A body for a route: mutated seeds where there are any, else random JSON, text or bytes. */
function bodyFor(
    seeds: readonly Json[]
): fc.Arbitrary<string | Uint8Array<ArrayBuffer> | undefined> {
    const seeded =
        seeds.length > 0
            ? fc
                  .tuple(
                      fc.constantFrom(...seeds),
                      fc.oneof(
                          { weight: 1, arbitrary: fc.constant([]) },
                          {
                              weight: 2,
                              arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 })
                          }
                      )
                  )
                  .map(([seed, ms]) => JSON.stringify(ms.reduce(mutate, seed)))
            : fc.constant('{}');
    return fc.oneof(
        { weight: 8, arbitrary: seeded },
        { weight: 3, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: text },
        {
            weight: 1,
            arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array(b))
        },
        { weight: 1, arbitrary: fc.constantFrom('', '{', '[1,', '{"a":1}{"b":2}', 'null') },
        {
            weight: 1,
            arbitrary: fc
                .integer({ min: 100, max: 5_000 })
                .map((depth) => '['.repeat(depth) + ']'.repeat(depth))
        },
        { weight: 1, arbitrary: fc.constant(undefined) }
    );
}

/** Path parameters: the real ids (not for routes that destroy), unknown ids, hostile text. */
function paramValue(name: string, facts: TargetFacts, destructive: boolean) {
    const real =
        name === 'id' || name === 'connection'
            ? [facts.connectionId]
            : [...facts.opportunityIds.slice(0, 1), '1'];
    return fc.oneof(
        { weight: destructive ? 0 : 4, arbitrary: fc.constantFrom(...real) },
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 2, arbitrary: text.filter((s) => s.length > 0) },
        { weight: 1, arbitrary: fc.constantFrom('..', '%00', 'x'.repeat(300), '-1', '0') }
    );
}

function optionalHeader(values: fc.Arbitrary<string>, weight = 6) {
    return fc.oneof(
        { weight, arbitrary: values },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: asciiHeader }
    );
}

/** Requests aimed at every route, each with varied headers, parameters and bodies. */
export function requestArbitrary(
    routes: readonly Route[],
    facts: TargetFacts,
    seeds: Record<string, Json[]>
): fc.Arbitrary<FuzzRequest> {
    const perRoute = routes.map((route) => {
        const key = `${route.method} ${route.path}`;
        const destructive = route.method === 'DELETE' || route.path.endsWith('/disable');
        const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '');
        const params = fc.tuple(...names.map((n) => paramValue(n, facts, destructive)));
        const query = fc.dictionary(
            fc.oneof(
                fc.constantFrom('since', 'limit', 'cursor', 'state', 'force', 'dryRun', 'region'),
                text
            ),
            fc.oneof(text, fc.constantFrom('true', '-1', '0', '1e9', '2026-11-01', 'all')),
            { maxKeys: 3 }
        );
        const method = fc.oneof(
            { weight: 9, arbitrary: fc.constant(route.method) },
            { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') }
        );
        const valid = {
            authorization: `Bearer ${facts.keys.full}`,
            connection: facts.connectionId,
            secret: facts.eventSecret,
            webhookToken: facts.webhookSecret,
            contentType: 'application/json',
            accept: 'application/json, text/event-stream',
            correlation: undefined
        };
        const varied = fc.record({
            authorization: optionalHeader(
                fc.constantFrom(
                    `Bearer ${facts.keys.full}`,
                    `Bearer ${facts.keys.read}`,
                    `Bearer ${facts.keys.metrics}`,
                    'Bearer cbk_000000000000_nope'
                )
            ),
            connection: optionalHeader(fc.constant(facts.connectionId)),
            secret: optionalHeader(fc.constant(facts.eventSecret)),
            webhookToken: optionalHeader(fc.constant(facts.webhookSecret)),
            contentType: optionalHeader(
                fc.constantFrom(
                    'application/json',
                    'application/json; charset=utf-8',
                    'text/plain'
                ),
                8
            ),
            accept: fc.option(
                fc.constantFrom('application/json, text/event-stream', 'application/json', '*/*'),
                { nil: undefined }
            ),
            correlation: fc.option(asciiHeader, { nil: undefined })
        });
        // A third of the cases carry every credential right, so their bodies reach the code
        // behind the doors; the rest try the doors themselves.
        const headers = fc.oneof(
            { weight: 1, arbitrary: fc.constant(valid) },
            { weight: 2, arbitrary: varied }
        );
        return fc
            .record({
                params,
                query,
                method,
                headers,
                body: bodyFor(seeds[key] ?? [])
            })
            .map(({ params: values, query: q, method: m, headers: h, body }): FuzzRequest => {
                let i = 0;
                const path = route.path.replace(/:([A-Za-z]+)/g, () =>
                    encodeURIComponent(values[i++] ?? '')
                );
                const search = new URLSearchParams(q).toString();
                const sent: Record<string, string> = {};
                if (h.authorization !== undefined) sent.authorization = h.authorization;
                if (h.connection !== undefined) sent[EVENT_HEADERS.connection] = h.connection;
                if (h.secret !== undefined) sent[EVENT_HEADERS.secret] = h.secret;
                if (h.webhookToken !== undefined) sent[WEBHOOK_TOKEN_HEADER] = h.webhookToken;
                if (h.contentType !== undefined) sent['content-type'] = h.contentType;
                if (h.accept !== undefined) sent.accept = h.accept;
                if (h.correlation !== undefined) sent['x-correlation-id'] = h.correlation;
                const hasBody = m !== 'GET' && body !== undefined;
                return {
                    route: key,
                    method: m,
                    path: search ? `${path}?${search}` : path,
                    headers: sent,
                    ...(hasBody ? { body } : {})
                };
            });
    });
    return fc.oneof(...perRoute);
}
