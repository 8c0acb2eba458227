import type { FlowSettings } from '../flow-settings.ts';

/**
 * Escalation of an overdue invoice (flow F4), as pure functions: the follow-up on the
 * package's escalation offset goes to the account owner's manager (`User.ManagerId`) as a Task,
 * or opens an escalated Case, per `Escalation_Record__c`.
 */

/** The follow-up offsets with the escalation offset among them (it is a follow-up too). */
export function withEscalation(offsets: readonly number[], escalationOffset: number | null) {
    if (escalationOffset === null || offsets.includes(escalationOffset)) return [...offsets];
    return [...offsets, escalationOffset].sort((a, b) => a - b);
}

/** Whether the follow-up of `day` is the escalation. */
export function isEscalation(
    day: number,
    settings: Pick<FlowSettings, 'escalationOffset'>
): boolean {
    return day > 0 && day === settings.escalationOffset;
}

export type Recipient = {
    kind: 'Task' | 'Case';
    /** Who owns the record: the manager when escalating and there is one, else the owner. */
    ownerId: string;
    /** Who the e-mail goes to. */
    emails: string[];
    /** A line for the record's description when the escalation found no manager. */
    note: string | null;
};

/**
 * Who a collections record of `day` is for, and what kind it is: the account owner (the
 * package's `Collections_Record__c`), or on the escalation offset the owner's manager (a Task,
 * or a Case, per setting). An owner with no manager keeps the escalation, noted as such.
 */
export function recipientFor(input: {
    day: number;
    settings: Pick<FlowSettings, 'collectionsRecord' | 'escalationOffset' | 'escalationRecord'>;
    owner: { id: string; email: string | null };
    manager: { id: string; email: string | null } | null;
}): Recipient {
    const { owner, manager, settings } = input;
    const ownerEmails = owner.email ? [owner.email] : [];
    if (!isEscalation(input.day, settings))
        return {
            kind: settings.collectionsRecord,
            ownerId: owner.id,
            emails: ownerEmails,
            note: null
        };
    return {
        kind: settings.escalationRecord === 'Case' ? 'Case' : 'Task',
        ownerId: manager?.id ?? owner.id,
        emails: [...new Set([...(manager?.email ? [manager.email] : []), ...ownerEmails])],
        note: manager
            ? null
            : 'Escalated to the account owner: the owner has no manager in Salesforce.'
    };
}

/** The subject lead of a follow-up: the escalation says so, so it is found again by subject. */
export function followUpLead(day: number, escalation: boolean): string {
    if (day === 0) return '';
    return escalation ? `Escalation (day ${day}): ` : `Follow-up (day ${day}): `;
}
