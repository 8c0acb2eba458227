import { describe, expect, it } from 'vitest';

import { type FieldPolicy, mergeFields } from './merge.ts';

const policy = (
    zohoField: string,
    owner: FieldPolicy['owner'],
    direction: FieldPolicy['direction'] = 'Both'
): FieldPolicy => ({ zohoField, salesforceField: `SF_${zohoField}`, owner, direction });

const WINDOW = 60_000;

describe('mergeFields', () => {
    it('sends a field changed in Salesforce only to Zoho, and records the new agreement', () => {
        const result = mergeFields(
            [policy('phone', 'Last_Write_Wins')],
            { phone: '1' },
            { values: { phone: '2' }, modifiedMs: 1000 },
            { values: { phone: '1' }, modifiedMs: 5000 },
            WINDOW
        );
        expect(result).toEqual({
            toZoho: { phone: '2' },
            toSalesforce: {},
            conflicts: [],
            baseline: { phone: '2' }
        });
    });

    it('sends a field changed in Zoho only to the Salesforce field', () => {
        const result = mergeFields(
            [policy('email', 'Last_Write_Wins')],
            { email: 'a@x.test' },
            { values: { email: 'a@x.test' }, modifiedMs: 9000 },
            { values: { email: 'b@x.test' }, modifiedMs: 1000 },
            WINDOW
        );
        expect(result.toSalesforce).toEqual({ SF_email: 'b@x.test' });
        expect(result.toZoho).toEqual({});
        expect(result.baseline).toEqual({ email: 'b@x.test' });
    });

    it('writes nothing when both sides already agree (an echo of our own write)', () => {
        const result = mergeFields(
            [policy('contact_name', 'Salesforce'), policy('email', 'Last_Write_Wins')],
            { contact_name: 'Old', email: null },
            { values: { contact_name: 'New', email: '' }, modifiedMs: 1 },
            { values: { contact_name: 'New' }, modifiedMs: 2 },
            WINDOW
        );
        expect(result.toZoho).toEqual({});
        expect(result.toSalesforce).toEqual({});
        expect(result.baseline).toEqual({ contact_name: 'New', email: null });
    });

    it('puts back the owner’s value when the other side edits an owned field', () => {
        const result = mergeFields(
            [policy('contact_name', 'Salesforce'), policy('payment_terms', 'Zoho')],
            { contact_name: 'Acme', payment_terms: 30 },
            { values: { contact_name: 'Acme', payment_terms: 15 }, modifiedMs: 2 },
            { values: { contact_name: 'Acme Ltd', payment_terms: 30 }, modifiedMs: 1 },
            WINDOW
        );
        expect(result.toZoho).toEqual({ contact_name: 'Acme' });
        expect(result.toSalesforce).toEqual({ SF_payment_terms: 30 });
    });

    it('raises a conflict for two-way edits within one sync window, and overwrites nothing', () => {
        const result = mergeFields(
            [policy('phone', 'Last_Write_Wins')],
            { phone: '1' },
            { values: { phone: '2' }, modifiedMs: 100_000 },
            { values: { phone: '3' }, modifiedMs: 130_000 },
            WINDOW
        );
        expect(result.toZoho).toEqual({});
        expect(result.toSalesforce).toEqual({});
        expect(result.conflicts).toEqual([
            {
                zohoField: 'phone',
                salesforceField: 'SF_phone',
                salesforceValue: '2',
                zohoValue: '3',
                baselineValue: '1'
            }
        ]);
        expect(result.baseline).toEqual({ phone: '1' });
    });

    it('lets the newer of two edits further apart than the window win', () => {
        const result = mergeFields(
            [policy('phone', 'Last_Write_Wins')],
            { phone: '1' },
            { values: { phone: '2' }, modifiedMs: 100_000 },
            { values: { phone: '3' }, modifiedMs: 100_000 + WINDOW + 1 },
            WINDOW
        );
        expect(result.toSalesforce).toEqual({ SF_phone: '3' });
        expect(result.conflicts).toEqual([]);
    });

    it('on a first link, lets the newer record win two-way fields without a conflict', () => {
        const result = mergeFields(
            [policy('phone', 'Last_Write_Wins'), policy('website', 'Salesforce')],
            undefined,
            { values: { phone: '2', website: 'a.test' }, modifiedMs: 5 },
            { values: { phone: '3', website: 'b.test' }, modifiedMs: 6 },
            WINDOW
        );
        expect(result.toSalesforce).toEqual({ SF_phone: '3' });
        expect(result.toZoho).toEqual({ website: 'a.test' });
        expect(result.conflicts).toEqual([]);
    });

    it('never sends a value against the rule’s direction', () => {
        const result = mergeFields(
            [policy('notes', 'Last_Write_Wins', 'Salesforce_To_Zoho')],
            { notes: 'a' },
            { values: { notes: 'a' }, modifiedMs: 1 },
            { values: { notes: 'b' }, modifiedMs: 2 },
            WINDOW
        );
        expect(result.toSalesforce).toEqual({});
        expect(result.toZoho).toEqual({});
        expect(result.baseline).toEqual({ notes: 'a' });
    });
});
