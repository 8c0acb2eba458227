import { request } from 'node:http';

import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listen } from '../../test/support/serve.ts';
import { declaredBodyLimit } from './body-limit.ts';

const MAX = 64;

/** Posts `chunks` over a real socket: with their total as Content-Length, or chunked. */
function post(
    url: string,
    chunks: string[],
    framing: 'declared' | 'chunked'
): Promise<{ status: number; body: string }> {
    const target = new URL(url);
    const total = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
    return new Promise((resolve, reject) => {
        const req = request(
            {
                host: target.hostname,
                port: target.port,
                method: 'POST',
                path: '/',
                headers: framing === 'declared' ? { 'content-length': total } : {}
            },
            (res) => {
                let body = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => (body += chunk));
                res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            }
        );
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
    });
}

describe('declaredBodyLimit', () => {
    let server: Awaited<ReturnType<typeof listen>>;
    const seen: string[] = [];

    beforeAll(async () => {
        const app = new Hono().post(
            '/',
            declaredBodyLimit({ maxSize: MAX, onError: (c) => c.text('too large', 413) }),
            async (c) => {
                const text = await c.req.text();
                seen.push(text);
                return c.text(`read ${text.length}`);
            }
        );
        server = await listen(app);
    });
    afterAll(async () => {
        await server.close();
    });

    it.each(['declared', 'chunked'] as const)(
        'passes a %s body of exactly the limit to the route, whole',
        async (framing) => {
            const body = 'x'.repeat(MAX);
            const answer = await post(server.url, [body.slice(0, 10), body.slice(10)], framing);
            expect(answer).toEqual({ status: 200, body: `read ${MAX}` });
            expect(seen.at(-1)).toBe(body);
        }
    );

    it.each(['declared', 'chunked'] as const)(
        'refuses a %s body one byte over the limit before the route runs',
        async (framing) => {
            const before = seen.length;
            const answer = await post(server.url, ['x'.repeat(MAX - 10), 'y'.repeat(11)], framing);
            expect(answer).toEqual({ status: 413, body: 'too large' });
            expect(seen).toHaveLength(before);
        }
    );
});
