import { describe, expect, it } from 'vitest';

import { firstLinkFixture } from '../../../../test/support/first-link-fixture.ts';
import type { AccountRecord, ContactRecord } from './facts.ts';
import { planMatches } from './match.ts';

/** Fake ids of the right shapes: 18-character Account ids, numeric Zoho ids. */
const accountId = (key: string) => `001000000000${key.slice(1).padStart(3, '0')}AAA`;
const contactId = (key: string) => `4600000000${key.slice(1).padStart(5, '0')}`;

function records() {
    const f = firstLinkFixture();
    const accounts: AccountRecord[] = f.accounts.map((a) => ({
        ...a,
        id: accountId(a.key),
        zohoContactId: a.zohoKey ? contactId(a.zohoKey) : null
    }));
    const contacts: ContactRecord[] = f.contacts.map((c) => ({
        ...c,
        id: contactId(c.key),
        salesforceId: c.accountKey ? accountId(c.accountKey) : null
    }));
    const truth = new Map(f.pairs.map(([a, c]) => [accountId(a), contactId(c)]));
    return { f, accounts, contacts, truth };
}

describe('the first-link fixture (200 Accounts, 200 Zoho customers, 150 true pairs)', () => {
    it('is what it claims: 200 a side, 150 distinct pairs', () => {
        const { f } = records();
        expect(f.accounts).toHaveLength(200);
        expect(f.contacts).toHaveLength(200);
        expect(new Set(f.pairs.map((p) => p[0])).size).toBe(150);
        expect(new Set(f.pairs.map((p) => p[1])).size).toBe(150);
    });

    it('links at least 145 pairs, none wrongly, and sends every other true pair to review', () => {
        const { accounts, contacts, truth } = records();
        const plan = planMatches(accounts, contacts);
        const wrong = plan.links.filter((l) => truth.get(l.accountId) !== l.zohoContactId);
        expect(wrong).toEqual([]);
        expect(plan.links.length).toBeGreaterThanOrEqual(145);
        const linked = new Set(plan.links.map((l) => l.accountId));
        for (const [account, contact] of truth) {
            if (linked.has(account)) continue;
            const entry = plan.review.find((r) => r.accountId === account);
            expect(
                entry?.candidates.map((c) => c.zohoContactId),
                account
            ).toContain(contact);
        }
        const zohoIds = plan.links.map((l) => l.zohoContactId);
        expect(new Set(zohoIds).size).toBe(zohoIds.length);
    });

    it('leaves every trap unlinked: the other Acme, the lone subsidiary, homonyms, two tax numbers', () => {
        const { f, accounts, contacts } = records();
        const plan = planMatches(accounts, contacts);
        const linkedNames = new Set(plan.links.map((l) => l.accountName));
        for (const name of [
            'Acme GmbH',
            'Globex Holdings',
            'Summit Consulting',
            'Northwind Traders'
        ])
            expect(linkedNames.has(name), name).toBe(false);
        const contactLinked = new Set(plan.links.map((l) => l.contactName));
        for (const name of [
            'Acme Ltd',
            'Globex Finance',
            'Summit Consulting LLC',
            'Northwind Traders GmbH'
        ])
            expect(contactLinked.has(name), name).toBe(false);
        expect(f.hardPairs.length).toBeGreaterThan(0);
    });
});
