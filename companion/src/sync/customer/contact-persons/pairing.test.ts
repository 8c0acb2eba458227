import { describe, expect, it } from 'vitest';

import {
    normaliseEmail,
    pairContactPersons,
    type ContactSide,
    type PersonSide
} from './pairing.ts';

const contact = (salesforceId: string, email: string | null, storedZohoId: string | null = null) =>
    ({ salesforceId, email, storedZohoId }) satisfies ContactSide;
const person = (zohoId: string, email: string | null) => ({ zohoId, email }) satisfies PersonSide;

describe('pairContactPersons', () => {
    it('pairs through the link ledger before anything else, even when e-mails differ', () => {
        const result = pairContactPersons(
            [contact('003A', 'new@acme.test')],
            [person('9001', 'old@acme.test'), person('9002', 'new@acme.test')],
            new Map([['003A', '9001']])
        );
        expect(result.pairs).toEqual([{ salesforceId: '003A', zohoId: '9001', by: 'link' }]);
        expect(result.create).toEqual([]);
        expect(result.unpairedPersons).toEqual(['9002']);
    });

    it('pairs a first link by e-mail, ignoring case and surrounding spaces', () => {
        const result = pairContactPersons(
            [contact('003A', '  Ann@Acme.TEST ')],
            [person('9001', 'ann@acme.test')],
            new Map()
        );
        expect(result.pairs).toEqual([{ salesforceId: '003A', zohoId: '9001', by: 'email' }]);
    });

    it('never pairs by name: a Contact without e-mail is created, the person left alone', () => {
        const result = pairContactPersons(
            [contact('003A', null)],
            [person('9001', null)],
            new Map()
        );
        expect(result.pairs).toEqual([]);
        expect(result.create).toEqual(['003A']);
        expect(result.unpairedPersons).toEqual(['9001']);
    });

    it('uses the person id stored on the Contact when the ledger has no link', () => {
        const result = pairContactPersons(
            [contact('003A', 'ann@acme.test', '9002')],
            [person('9001', 'ann@acme.test'), person('9002', 'other@acme.test')],
            new Map()
        );
        expect(result.pairs).toEqual([{ salesforceId: '003A', zohoId: '9002', by: 'stored_id' }]);
    });

    it('holds back a Contact whose e-mail two Zoho persons share, instead of guessing or creating', () => {
        const result = pairContactPersons(
            [contact('003A', 'ap@acme.test')],
            [person('9001', 'ap@acme.test'), person('9002', 'AP@acme.test')],
            new Map()
        );
        expect(result.pairs).toEqual([]);
        expect(result.create).toEqual([]);
        expect(result.problems.map((p) => [p.salesforceId, p.code])).toEqual([
            ['003A', 'ambiguous_email']
        ]);
    });

    it('holds back two Contacts sharing the e-mail of one Zoho person', () => {
        const result = pairContactPersons(
            [contact('003A', 'ap@acme.test'), contact('003B', 'ap@acme.test')],
            [person('9001', 'ap@acme.test')],
            new Map()
        );
        expect(result.pairs).toEqual([]);
        expect(result.create).toEqual([]);
        expect(result.problems.map((p) => p.salesforceId)).toEqual(['003A', '003B']);
    });

    it('does not take a person linked to another Contact, and creates a new one instead', () => {
        const result = pairContactPersons(
            [contact('003A', 'ann@acme.test')],
            [person('9001', 'ann@acme.test')],
            new Map(),
            new Set(['9001'])
        );
        expect(result.pairs).toEqual([]);
        expect(result.create).toEqual(['003A']);
        expect(result.unpairedPersons).toEqual([]);
    });

    it('does not create again a person that was linked and has gone from Zoho', () => {
        const result = pairContactPersons(
            [contact('003A', 'ann@acme.test')],
            [person('9002', 'ann@acme.test')],
            new Map([['003A', '9001']])
        );
        expect(result.pairs).toEqual([]);
        expect(result.create).toEqual([]);
        expect(result.problems.map((p) => p.code)).toEqual(['linked_person_missing']);
    });
});

describe('normaliseEmail', () => {
    it.each([
        [' A@B.test ', 'a@b.test'],
        ['', null],
        ['   ', null],
        [null, null]
    ])('%j → %j', (input, expected) => {
        expect(normaliseEmail(input)).toBe(expected);
    });
});
