import { describe, expect, it } from 'vitest';

import { boundedMap } from './bounded-map.ts';

describe('boundedMap', () => {
    it('keeps at most its size, forgetting the entry set or refreshed longest ago', () => {
        const map = boundedMap<string, number>(2);
        map.set('a', 1);
        map.set('b', 2);
        map.set('a', 3);
        map.set('c', 4);

        expect(map.size).toBe(2);
        expect(map.get('b')).toBeUndefined();
        expect([map.get('a'), map.get('c')]).toEqual([3, 4]);
    });

    it('forgets an entry deleted', () => {
        const map = boundedMap<string, number>(2);
        map.set('a', 1);
        map.delete('a');
        expect([map.get('a'), map.size]).toEqual([undefined, 0]);
    });
});
