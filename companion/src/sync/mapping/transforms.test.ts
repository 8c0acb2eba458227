import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { applyTransform } from './transforms.ts';

describe('applyTransform', () => {
    it.each<[string | null, unknown, unknown]>([
        [null, 'As is', 'As is'],
        ['', 42, 42],
        ['  ', undefined, null],
        ['upper', 'acme gmbh', 'ACME GMBH'],
        ['lower', 'ACME', 'acme'],
        ['trim', '  a b  ', 'a b'],
        ['upper', 12.5, '12.5'],
        ['lower', true, 'true'],
        ['date', '2024-03-15', '2024-03-15'],
        ['date', '2024-03-15T23:30:00.000+0000', '2024-03-15'],
        ['date', '2024-02-29T10:00Z', '2024-02-29'],
        ['date', new Date(Date.UTC(2024, 0, 2, 12)), '2024-01-02'],
        ['prefix:SF-', '0061', 'SF-0061'],
        ['prefix:Ref ', 7, 'Ref 7'],
        ['prefix:', 'x', 'x'],
        ['map:STANDARD=VAT 19;REDUCED=VAT 7', 'REDUCED', 'VAT 7'],
        ['map:STANDARD=VAT 19;REDUCED=VAT 7', '  standard ', 'VAT 19'],
        ['map: A = x ; B= y ;', 'b', 'y'],
        ['map:1=One;2=Two', 2, 'Two'],
        ['map:ZERO=', 'zero', null],
        ['map:STANDARD=VAT 19', '   ', null],
        ['map:STANDARD=VAT 19', '', null],
        ['trim|upper', '  de  ', 'DE'],
        [' trim | upper ', ' x ', 'X'],
        ['trim|map:a=b|upper', ' A ', 'B'],
        ['map:a=|upper', 'a', null],
        ['lower|prefix:id-', 'ABC', 'id-abc'],
        ['trim|iso_country', ' germany ', 'DE'],
        ['iso_country', '', null]
    ])('%j on %j → %j', (spec, value, expected) => {
        expect(applyTransform(spec, value)).toEqual({ ok: true, value: expected });
    });

    it.each<[string, unknown]>([
        ['upper', null],
        ['date', undefined],
        ['iso_country', null],
        ['prefix:X', null],
        ['map:A=B', undefined],
        ['trim|upper|map:A=B', null]
    ])('%j passes %j through as null', (spec, value) => {
        expect(applyTransform(spec, value)).toEqual({ ok: true, value: null });
    });

    it.each<[string, unknown, string]>([
        ['uppercase', 'x', "unknown transform 'uppercase'"],
        ['Upper', 'x', "unknown transform 'Upper'"],
        ['uppercase', null, "unknown transform 'uppercase'"],
        ['trim||upper', 'x', 'empty transform in the chain'],
        ['trim|', 'x', 'empty transform in the chain'],
        ['map:STANDARD=VAT 19', 'ZERO', "no entry for 'ZERO' in map"],
        ['map:STANDARD=VAT 19', ' zero ', "no entry for 'zero' in map"],
        ['map:STANDARD', 'x', "map entry 'STANDARD' has no '='"],
        ['map:=x', 'x', "map entry '=x' has no key"],
        ['map:a=1;A=2', 'a', "map has two entries for 'A'"],
        ['map:', 'a', 'map has no entries'],
        ['map:a=b', { a: 1 }, 'map expects text'],
        ['upper', ['x'], 'upper expects text'],
        ['prefix:X', {}, 'prefix expects text'],
        ['date', 'March 5th', "'March 5th' is not a date"],
        ['date', '2023-02-29', "'2023-02-29' is not a date"],
        ['date', '2024-13-01', "'2024-13-01' is not a date"],
        ['date', 20240315, "'20240315' is not a date"],
        ['date', {}, "'object' is not a date"],
        ['iso_country', 'Atlantis', "'Atlantis' is not a known country"],
        ['iso_country', 'Korea', "'Korea' is not a known country"],
        ['iso_country', 'XX', "'XX' is not a known country"],
        ['iso_country', 5, "'5' is not a known country"],
        ['trim|upper|iso_country', ' narnia ', "'NARNIA' is not a known country"]
    ])('%j on %j fails: %s', (spec, value, message) => {
        expect(applyTransform(spec, value)).toEqual({ ok: false, message });
    });

    it.each<[string, string]>([
        ['USA', 'US'],
        ['U.S.A.', 'US'],
        ['United States', 'US'],
        ['United States of America', 'US'],
        ['us', 'US'],
        ['UK', 'GB'],
        ['United Kingdom', 'GB'],
        ['Great Britain', 'GB'],
        ['England', 'GB'],
        ['gb', 'GB'],
        ['Germany', 'DE'],
        ['Deutschland', 'DE'],
        ['Allemagne', 'DE'],
        ['Österreich', 'AT'],
        ['Schweiz', 'CH'],
        ['Switzerland', 'CH'],
        ['France', 'FR'],
        ['España', 'ES'],
        ['Spain', 'ES'],
        ['Italia', 'IT'],
        ['The Netherlands', 'NL'],
        ['Nederland', 'NL'],
        ['Holland', 'NL'],
        ['Czech Republic', 'CZ'],
        ['Czechia', 'CZ'],
        ['Russian Federation', 'RU'],
        ['South Korea', 'KR'],
        ['North Korea', 'KP'],
        ["Côte d'Ivoire", 'CI'],
        ['Ivory Coast', 'CI'],
        ['Viet Nam', 'VN'],
        ['Turkey', 'TR'],
        ['Türkiye', 'TR'],
        ['UAE', 'AE'],
        ['United Arab Emirates', 'AE'],
        ['Bosnia & Herzegovina', 'BA'],
        ['Myanmar', 'MM'],
        ['Hong Kong', 'HK'],
        ['Brasil', 'BR'],
        ['México', 'MX'],
        ['Japan', 'JP'],
        ['India', 'IN'],
        ['Ireland', 'IE'],
        ['New Zealand', 'NZ'],
        ['South Africa', 'ZA'],
        ['Polska', 'PL'],
        ['Sverige', 'SE'],
        ['Danmark', 'DK'],
        ['Norge', 'NO'],
        ['Suomi', 'FI']
    ])('iso_country: %s → %s', (name, code) => {
        expect(applyTransform('iso_country', name)).toEqual({ ok: true, value: code });
    });
});

const key = fc.stringMatching(/^[A-Za-z0-9_ -]{1,12}$/).filter((k) => k.trim() !== '');
const target = fc.stringMatching(/^[A-Za-z0-9 ]{1,12}$/).filter((t) => t.trim() !== '');
const entries = fc.uniqueArray(fc.tuple(key, target), {
    minLength: 1,
    maxLength: 6,
    selector: ([k]) => k.trim().toLowerCase()
});

describe('transform properties', () => {
    it('map: returns the value of any key in the map, whatever its case and spacing', () => {
        fc.assert(
            fc.property(entries, fc.nat(), fc.boolean(), (pairs, pick, upper) => {
                const spec = `map:${pairs.map(([k, v]) => `${k}=${v}`).join(';')}`;
                const [k, v] = pairs[pick % pairs.length] as [string, string];
                const input = ` ${upper ? k.toUpperCase() : k.toLowerCase()} `;
                expect(applyTransform(spec, input)).toEqual({ ok: true, value: v.trim() });
            })
        );
    });

    it('never throws, and null stays null for every valid spec', () => {
        fc.assert(
            fc.property(fc.string(), fc.anything(), (spec, value) => {
                const result = applyTransform(spec, value);
                expect(typeof result.ok).toBe('boolean');
                const empty = applyTransform(spec, null);
                if (empty.ok) expect(empty.value).toBeNull();
            })
        );
    });

    it('a chain is the composition of its steps', () => {
        const step = fc.constantFrom('upper', 'lower', 'trim', 'prefix:X-', 'map:a=b;B=c');
        fc.assert(
            fc.property(step, step, fc.string(), (first, second, value) => {
                const once = applyTransform(first, value);
                const chained = applyTransform(`${first}|${second}`, value);
                expect(chained).toEqual(once.ok ? applyTransform(second, once.value) : once);
            })
        );
    });
});
