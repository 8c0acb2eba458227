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
});
