import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from './log.ts';

function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
        write(chunk, _encoding, done) {
            lines.push(JSON.parse(String(chunk)));
            done();
        }
    });
    return { lines, log: createLogger('info', stream) };
}

describe('createLogger', () => {
    it('redacts tokens, secrets and authorization headers wherever they are logged', () => {
        const { lines, log } = capture();
        log.child({ correlationId: 'c-1' }).info(
            {
                request: { headers: { authorization: 'Bearer live-token' } },
                token: { access_token: 'at-123', refresh_token: 'rt-456' },
                connection: { secret: 's3cret', clientSecret: 'cs-789' },
                refreshToken: 'rt-top'
            },
            'calling Zoho'
        );
        const text = JSON.stringify(lines);
        for (const secret of ['live-token', 'at-123', 'rt-456', 's3cret', 'cs-789', 'rt-top']) {
            expect(text).not.toContain(secret);
        }
        expect(lines[0]).toMatchObject({ correlationId: 'c-1', msg: 'calling Zoho' });
    });

    it('redacts secrets in bindings, of a child and added later, and leaves the logged objects as they were', () => {
        const { lines, log } = capture();
        const logged = { call: { headers: { authorization: 'Bearer h-1', accept: 'json' } } };
        const child = log.child({ correlationId: 'c-2', oauth: { refresh_token: 'rt-bound' } });
        child.setBindings({ client: { clientSecret: 'cs-later' } });
        child
            .child({ jobId: 'j-1', job: { password: 'pw-grandchild' } })
            .info(logged, 'calling Salesforce');
        const text = JSON.stringify(lines);
        for (const secret of ['h-1', 'rt-bound', 'cs-later', 'pw-grandchild'])
            expect(text).not.toContain(secret);
        expect(lines[0]).toMatchObject({
            correlationId: 'c-2',
            jobId: 'j-1',
            job: { password: '[redacted]' },
            call: { headers: { authorization: '[redacted]', accept: 'json' } },
            oauth: { refresh_token: '[redacted]' },
            client: { clientSecret: '[redacted]' }
        });
        expect(logged.call.headers.authorization).toBe('Bearer h-1');
    });

    it('logs an error with its message and stack when a secret is redacted from it', () => {
        const { lines, log } = capture();
        const error = Object.assign(new Error('Zoho refused'), { secret: 'err-secret' });
        log.error({ err: error }, 'sync failed');
        expect(JSON.stringify(lines)).not.toContain('err-secret');
        expect(lines[0]).toMatchObject({
            err: { type: 'Error', message: 'Zoho refused', secret: '[redacted]' }
        });
        expect((lines[0]?.err as { stack: string }).stack).toContain('Zoho refused');
    });
});
