import { describe, expect, it } from 'vitest';

import { followUpLead, isEscalation, recipientFor, withEscalation } from './escalation.ts';

const settings = {
    collectionsRecord: 'Task' as const,
    escalationOffset: 14,
    escalationRecord: 'Manager_Task' as const
};
const owner = { id: '005000000000001AAA', email: 'rep@example.com' };
const manager = { id: '005000000000002AAA', email: 'boss@example.com' };

describe('withEscalation', () => {
    it('adds the escalation offset to the follow-ups once, in order', () => {
        expect(withEscalation([7, 30], 14)).toEqual([7, 14, 30]);
        expect(withEscalation([7, 14], 14)).toEqual([7, 14]);
        expect(withEscalation([7], null)).toEqual([7]);
    });
});

describe('recipientFor', () => {
    it('gives ordinary follow-ups to the owner as the package says', () => {
        expect(recipientFor({ day: 7, settings, owner, manager })).toEqual({
            kind: 'Task',
            ownerId: owner.id,
            emails: ['rep@example.com'],
            note: null
        });
        expect(
            recipientFor({
                day: 0,
                settings: { ...settings, collectionsRecord: 'Case' },
                owner,
                manager
            }).kind
        ).toBe('Case');
    });

    it("gives the escalation to the owner's manager and e-mails the manager first", () => {
        expect(recipientFor({ day: 14, settings, owner, manager })).toEqual({
            kind: 'Task',
            ownerId: manager.id,
            emails: ['boss@example.com', 'rep@example.com'],
            note: null
        });
    });

    it('opens a Case for the escalation when the setting says so', () => {
        const r = recipientFor({
            day: 14,
            settings: { ...settings, escalationRecord: 'Case' },
            owner,
            manager
        });
        expect([r.kind, r.ownerId]).toEqual(['Case', manager.id]);
    });

    it('keeps the escalation with the owner, and says so, when there is no manager', () => {
        const r = recipientFor({ day: 14, settings, owner, manager: null });
        expect(r.ownerId).toBe(owner.id);
        expect(r.note).toMatch(/no manager/);
    });
});

describe('isEscalation and followUpLead', () => {
    it('marks only the escalation offset, never the first notice', () => {
        expect(isEscalation(14, settings)).toBe(true);
        expect(isEscalation(7, settings)).toBe(false);
        expect(isEscalation(0, { escalationOffset: null })).toBe(false);
        expect(followUpLead(14, true)).toBe('Escalation (day 14): ');
        expect(followUpLead(7, false)).toBe('Follow-up (day 7): ');
        expect(followUpLead(0, false)).toBe('');
    });
});
