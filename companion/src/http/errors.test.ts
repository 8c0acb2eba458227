import { Hono } from 'hono';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { RateDeferredError } from '../zoho/rate-limiter.ts';
import { handleError } from './errors.ts';

describe('handleError', () => {
    it('answers 503 with the code when Zoho’s budget defers a call made in a request', async () => {
        const app = new Hono()
            .get('/', () => {
                throw new RateDeferredError(
                    '111',
                    { retryAtMs: Date.UTC(2026, 11, 4, 12), waitMs: 30_000 },
                    'minute'
                );
            })
            .onError((error, c) => handleError(error, c, pino({ level: 'silent' })));
        const res = await app.request('/');
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({
            error: {
                code: 'zoho_rate_deferred',
                message:
                    'Zoho organization 111 takes no job call before 2026-12-04T12:00:00.000Z (minute limit)'
            }
        });
    });
});
