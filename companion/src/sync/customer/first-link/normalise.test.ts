import { describe, expect, it } from 'vitest';

import {
    emailDomain,
    normaliseCountry,
    normaliseName,
    normaliseTaxNumber,
    websiteDomain
} from './normalise.ts';

describe('normaliseName', () => {
    it.each([
        ['ACME, Inc.', 'Acme Inc'],
        ['Acme Pty. Ltd.', 'acme'],
        ['Acme GmbH & Co. KG', 'Acme'],
        ['Lumière S.A.R.L.', 'lumiere'],
        ['The Smith & Jones Company', 'Smith and Jones'],
        ['Björk Design LLC', 'Bjork Design'],
        ['Global Intl. Mfg', 'Global International Manufacturing'],
        ['O’Brien’s Bakery', 'OBriens Bakery']
    ])('reads %s as %s', (a, b) => {
        expect(normaliseName(a)).toBe(normaliseName(b));
    });

    it('keeps a name made only of a legal word, and "The" alone', () => {
        expect(normaliseName('Company')).toBe('company');
        expect(normaliseName('The')).toBe('the');
    });

    it('keeps words that only look like suffixes when they are not at the end', () => {
        expect(normaliseName('Co Op Foods')).toBe('co op foods');
    });
});

describe('domains', () => {
    it('takes the company domain of an address, and none of a free-mail one', () => {
        expect(emailDomain('Ada@Acme.COM')).toBe('acme.com');
        expect(emailDomain('ada@gmail.com')).toBeUndefined();
        expect(emailDomain('ada@gmx.de')).toBeUndefined();
        expect(emailDomain('not an address')).toBeUndefined();
    });

    it('reads a website as typed', () => {
        expect(websiteDomain('https://www.acme.com/about?x=1')).toBe('acme.com');
        expect(websiteDomain('www.acme.co.uk')).toBe('acme.co.uk');
        expect(websiteDomain('acme.com:8080')).toBe('acme.com');
        expect(websiteDomain('n/a')).toBeUndefined();
    });
});

describe('normaliseTaxNumber', () => {
    it('ignores spacing, punctuation, case and the country prefix', () => {
        const forms = ['DE 123 456 789', 'de123456789', '123.456.789', 'DE-123-456-789'];
        expect(new Set(forms.map(normaliseTaxNumber))).toEqual(new Set(['123456789']));
    });

    it('keeps letters that are part of the number and refuses stubs', () => {
        expect(normaliseTaxNumber('22AAAAA0000A1Z5')).toBe('22AAAAA0000A1Z5');
        expect(normaliseTaxNumber('n/a')).toBeUndefined();
    });
});

describe('normaliseCountry', () => {
    it('reads the usual spellings of one country alike', () => {
        const forms = ['USA', 'U.S.A', 'United States', 'us', 'United States of America'];
        expect(new Set(forms.map(normaliseCountry))).toEqual(new Set(['united states']));
        expect(normaliseCountry('Deutschland')).toBe(normaliseCountry('Germany'));
        expect(normaliseCountry('  ')).toBeUndefined();
    });
});
