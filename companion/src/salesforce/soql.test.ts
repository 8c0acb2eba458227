import { describe, expect, it } from 'vitest';

import { SalesforceInputError } from './errors.ts';
import { escapeSoqlString, soql, soqlId, soqlName } from './soql.ts';

describe('escapeSoqlString', () => {
    it.each([
        { name: 'a plain word', value: 'Acme', want: 'Acme' },
        { name: 'a single quote', value: "O'Brien", want: "O\\'Brien" },
        { name: 'a double quote', value: 'say "hi"', want: 'say \\"hi\\"' },
        { name: 'a backslash before a quote', value: "\\'", want: "\\\\\\'" },
        { name: 'a newline and a tab', value: 'a\nb\tc', want: 'a\\nb\\tc' },
        { name: 'LIKE wildcards, left alone outside LIKE', value: '50%_off', want: '50%_off' }
    ])('escapes $name', ({ value, want }) => {
        expect(escapeSoqlString(value)).toBe(want);
    });
});

describe('soql', () => {
    it('writes each kind of value as a literal', () => {
        const when = new Date('2026-01-02T03:04:05.678Z');
        const query = soql`SELECT Id FROM ${soqlName('Opportunity')} WHERE Name = ${"it's"} AND Amount > ${10.5} AND IsWon = ${true} AND AccountId != ${null} AND CreatedDate > ${when} AND Id IN ${['006000000000001AAA', '006000000000002AAA'].map(soqlId)}`;
        expect(query.text).toBe(
            "SELECT Id FROM Opportunity WHERE Name = 'it\\'s' AND Amount > 10.5 AND IsWon = TRUE AND AccountId != NULL AND CreatedDate > 2026-01-02T03:04:05Z AND Id IN ('006000000000001AAA', '006000000000002AAA')"
        );
    });

    it('keeps an injection attempt inside its string literal', () => {
        const query = soql`SELECT Id FROM Account WHERE Name = ${"x' OR Name != '"}`;
        expect(query.text).toBe("SELECT Id FROM Account WHERE Name = 'x\\' OR Name != \\''");
    });

    it('nests a built fragment', () => {
        const where = soql`Name = ${'A'}`;
        expect(soql`SELECT Id FROM Account WHERE ${where} LIMIT ${5}`.text).toBe(
            "SELECT Id FROM Account WHERE Name = 'A' LIMIT 5"
        );
    });

    it.each([
        { name: 'an id with a quote', build: () => soqlId("001' OR Id != '") },
        { name: 'an id of the wrong length', build: () => soqlId('001ABC') },
        { name: 'a field name with a space', build: () => soqlName('Name FROM User') },
        { name: 'an empty IN list', build: () => soql`SELECT Id FROM Account WHERE Id IN ${[]}` },
        { name: 'a NaN', build: () => soql`SELECT Id FROM Account LIMIT ${Number.NaN}` }
    ])('refuses $name', ({ build }) => {
        expect(build).toThrow(SalesforceInputError);
    });
});
