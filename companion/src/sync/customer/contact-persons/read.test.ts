import { describe, expect, it } from 'vitest';

import { timestampMs } from './read.ts';

describe('timestampMs', () => {
    it.each([
        ['2026-12-04T16:40:00+0530', Date.UTC(2026, 11, 4, 11, 10)],
        ['2026-12-04T16:40:00.250+0000', Date.UTC(2026, 11, 4, 16, 40, 0, 250)],
        ['2026-12-04T16:40:00-05:00', Date.UTC(2026, 11, 4, 21, 40)],
        ['', 0],
        [undefined, 0],
        ['yesterday', 0]
    ])('%j → %d', (value, expected) => {
        expect(timestampMs(value)).toBe(expected);
    });
});
