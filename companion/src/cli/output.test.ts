import { describe, expect, it } from 'vitest';

import { createOutput, table } from './output.ts';

function capture(errIsTty: boolean, json: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    const output = createOutput(
        { out: (s) => out.push(s), err: (s) => err.push(s), errIsTty },
        json
    );
    return { output, out, err };
}

describe('CLI output', () => {
    it('draws a progress bar on stderr when it is a terminal, and the result on stdout', () => {
        const { output, out, err } = capture(true, false);
        const bar = output.progress(4, 'retrying');
        bar.tick('7');
        bar.tick('8');
        bar.done();
        output.result({ n: 2 }, () => ['retried 2']);
        expect(err.at(-2)).toBe(`\rretrying ${'█'.repeat(12)}${'░'.repeat(12)} 2/4 8\x1b[K`);
        expect(err.at(-1)).toBe('\n');
        expect(out).toEqual(['retried 2\n']);
    });

    it.each([
        { when: 'stderr is not a terminal', errIsTty: false, json: false },
        { when: '--json is given', errIsTty: true, json: true }
    ])('draws no progress when $when', ({ errIsTty, json }) => {
        const { output, err } = capture(errIsTty, json);
        const bar = output.progress(2, 'working');
        bar.tick();
        bar.done();
        expect(err).toEqual([]);
    });

    it('with --json writes the result as one JSON document and nothing else on stdout', () => {
        const { output, out } = capture(false, true);
        output.note('a message');
        output.result({ jobs: [] }, () => ['no dead letters']);
        expect(out).toHaveLength(1);
        expect(JSON.parse(out[0]!)).toEqual({ jobs: [] });
    });

    it('pads table columns to their widest cell', () => {
        expect(
            table([
                ['id', 'state'],
                ['12345', 'dead']
            ])
        ).toEqual(['id     state', '12345  dead']);
    });
});
