import { describe, expect, it } from 'vitest';

import { singleFlight } from './single-flight.ts';

/** A read whose answers the test releases by hand, counting the reads started. */
function manualRead() {
    const started: { key: string; settle: (value: string | Error) => void }[] = [];
    const read = (key: string) =>
        new Promise<string>((resolve, reject) => {
            started.push({
                key,
                settle: (value) => (value instanceof Error ? reject(value) : resolve(value))
            });
        });
    return { read, started };
}

describe('single flight', () => {
    it('gives callers of one key that arrive during a read the answer of that read', async () => {
        const { read, started } = manualRead();
        const shared = singleFlight(read);

        const answers = Promise.all([shared('a'), shared('a'), shared('a')]);
        started[0]?.settle('first');

        expect(await answers).toEqual(['first', 'first', 'first']);
        expect(started).toHaveLength(1);
    });

    it('starts a fresh read for a caller that arrives after the last one settled', async () => {
        const { read, started } = manualRead();
        const shared = singleFlight(read);

        const first = shared('a');
        started[0]?.settle('first');
        await first;
        const second = shared('a');
        started[1]?.settle('second');

        expect(await second).toBe('second');
        expect(started).toHaveLength(2);
    });

    it('reads different keys apart', async () => {
        const { read, started } = manualRead();
        const shared = singleFlight(read);

        const a = shared('a');
        const b = shared('b');
        started[0]?.settle('for a');
        started[1]?.settle('for b');

        expect([await a, await b]).toEqual(['for a', 'for b']);
        expect(started.map((s) => s.key)).toEqual(['a', 'b']);
    });

    it('shares a failed read with the callers waiting on it, and reads again after', async () => {
        const { read, started } = manualRead();
        const shared = singleFlight(read);

        const failing = Promise.allSettled([shared('a'), shared('a')]);
        started[0]?.settle(new Error('down'));
        const outcomes = await failing;
        const again = shared('a');
        started[1]?.settle('back');

        expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
        expect(await again).toBe('back');
    });
});
