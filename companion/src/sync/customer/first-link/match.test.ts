import { describe, expect, it } from 'vitest';

import type { AccountRecord, ContactRecord } from './facts.ts';
import { planMatches } from './match.ts';

const A = (n: number) => `001${String(n).padStart(12, '0')}AAA`;
const C = (n: number) => String(460_000_000_000_000 + n);

const account = (n: number, fields: Partial<AccountRecord> = {}): AccountRecord => ({
    id: A(n),
    name: `Account ${n}`,
    ...fields
});
const contact = (n: number, fields: Partial<ContactRecord> = {}): ContactRecord => ({
    id: C(n),
    name: `Contact ${n}`,
    ...fields
});

describe('planMatches', () => {
    it('links outright on a stored Zoho id, whatever the names say', () => {
        const plan = planMatches(
            [account(1, { name: 'Initech', zohoContactId: C(1) })],
            [contact(1, { name: 'Initrode' })]
        );
        expect(plan.links).toMatchObject([
            { accountId: A(1), zohoContactId: C(1), basis: 'stored_id' }
        ]);
    });

    it('links outright on the contact holding the Account id, in its 15-character form too', () => {
        const plan = planMatches(
            [account(1, { name: 'Initech' })],
            [contact(1, { name: 'Initrode', salesforceId: A(1).slice(0, 15) })]
        );
        expect(plan.links.map((l) => [l.accountId, l.zohoContactId])).toEqual([[A(1), C(1)]]);
    });

    it('sends contradicting stored ids to review instead of picking one', () => {
        const plan = planMatches(
            [account(1, { name: 'Initech', zohoContactId: C(1) })],
            [contact(1, { name: 'X' }), contact(2, { name: 'Y', salesforceId: A(1) })]
        );
        expect(plan.links).toEqual([]);
        expect(plan.review[0]?.candidates.map((c) => c.zohoContactId).sort()).toEqual([C(1), C(2)]);
    });

    it('links a name, a domain and a country that agree', () => {
        const plan = planMatches(
            [account(1, { name: 'Acme Corp', website: 'acme.com', country: 'USA' })],
            [contact(1, { name: 'ACME, Inc.', emails: ['ap@acme.com'], country: 'U.S.A' })]
        );
        expect(plan.links).toHaveLength(1);
        expect(plan.links[0]?.reasons).toEqual([
            'same name "acme" (+55)',
            'shared domain acme.com (+35)',
            'same country (united states) (+10)'
        ]);
    });

    it('does not count a free-mail domain as shared', () => {
        const plan = planMatches(
            [account(1, { name: 'Rivera Plumbing', emails: ['rivera@gmail.com'] })],
            [contact(1, { name: 'Rivera Landscaping', emails: ['ana.rivera@gmail.com'] })]
        );
        expect(plan.links).toEqual([]);
        expect(plan.review).toEqual([]);
        expect(plan.create).toEqual([{ accountId: A(1), accountName: 'Rivera Plumbing' }]);
    });

    it('does not link one name in two countries', () => {
        const plan = planMatches(
            [account(1, { name: 'Acme GmbH', country: 'Germany' })],
            [contact(1, { name: 'Acme Ltd', country: 'UK' })]
        );
        expect(plan.links).toEqual([]);
    });

    it('sends a name alone (no country, no domain) to review, never to create', () => {
        const plan = planMatches(
            [account(1, { name: 'Acme' })],
            [contact(1, { name: 'Acme Inc' })]
        );
        expect(plan.links).toEqual([]);
        expect(plan.create).toEqual([]);
        expect(plan.review[0]?.candidates[0]).toMatchObject({ zohoContactId: C(1), score: 55 });
    });

    it('links one contact to one Account: two equal Accounts both go to review', () => {
        const plan = planMatches(
            [
                account(1, { name: 'Acme', country: 'US', website: 'acme.com' }),
                account(2, { name: 'Acme Inc', country: 'USA', website: 'www.acme.com' })
            ],
            [contact(1, { name: 'Acme LLC', country: 'United States', emails: ['a@acme.com'] })]
        );
        expect(plan.links).toEqual([]);
        expect(plan.review.map((r) => r.accountId)).toEqual([A(1), A(2)]);
    });

    it('does not link a pair that is only narrowly ahead of the runner-up', () => {
        const plan = planMatches(
            [
                account(1, {
                    name: 'Acme',
                    country: 'US',
                    website: 'acme.com',
                    taxNumber: 'US123456789'
                })
            ],
            [
                contact(1, { name: 'Acme', country: 'US', emails: ['x@acme.com'] }),
                contact(2, { name: 'Acme Inc', country: 'US', taxNumber: '123456789' })
            ]
        );
        expect(plan.links).toEqual([]);
        expect(plan.review[0]?.candidates.map((c) => [c.zohoContactId, c.score])).toEqual([
            [C(2), 115],
            [C(1), 100]
        ]);
    });

    it('never links across two different tax numbers, even under one name', () => {
        const plan = planMatches(
            [account(1, { name: 'Northwind', country: 'DE', taxNumber: 'DE 811 111 111' })],
            [contact(1, { name: 'Northwind GmbH', country: 'Germany', taxNumber: 'DE822222222' })]
        );
        expect(plan.links).toEqual([]);
    });

    it('lists the contacts no Account took', () => {
        const plan = planMatches([], [contact(1)]);
        expect(plan.unmatchedContacts).toEqual([{ zohoContactId: C(1), contactName: 'Contact 1' }]);
    });
});
