import { describe, expect, it } from 'vitest';

import { createIdFactory, idSuffix, normalizeId } from './ids.ts';

describe('ids', () => {
    it.each([
        { name: 'all lower case and digits', id15: '001000000000abc', suffix: 'AAA' },
        { name: 'the documented example', id15: '001A0000006Vm9r', suffix: 'IAC' },
        { name: 'upper case in every chunk', id15: 'A0000B0000C0000', suffix: 'BBB' }
    ])('computes the case-safe suffix: $name', ({ id15, suffix }) => {
        expect(idSuffix(id15)).toBe(suffix);
    });

    it('restores the case of an 18-character id given in lower case', () => {
        expect(normalizeId('001a0000006vm9riac')).toBe('001A0000006Vm9rIAC');
        expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    });

    it.each(['', '001', 'not-an-id-at-all!', '001A0000006Vm9rIA'])('rejects %j', (value) => {
        expect(normalizeId(value)).toBeUndefined();
    });

    it('makes distinct 18-character ids that start with the key prefix', () => {
        const next = createIdFactory();
        const a = next('006');
        const b = next('006');
        expect(a).toMatch(/^006[A-Za-z0-9]{15}$/);
        expect(a).not.toBe(b);
        expect(normalizeId(a.toLowerCase())).toBe(a);
    });
});
