import type { CaseInvoice } from '../../store/collections.ts';
import { followUpLead } from './escalation.ts';

/**
 * What the collections flow (F4) says, as pure functions: days overdue, which follow-up is
 * due, and the task, Slack message and e-mail for an overdue invoice.
 */

const DAY_MS = 86_400_000;

/** Whole days from the due date to `today` (both `yyyy-mm-dd`). */
export function daysOverdue(dueDate: string, today: string): number {
    return Math.round(
        (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / DAY_MS
    );
}

/** Offsets like `7,14,30` from the package setting; anything else is dropped. */
export function parseOffsets(value: string | null | undefined): number[] {
    const offsets = (value ?? '')
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0 && n <= 365);
    return [...new Set(offsets)].sort((a, b) => a - b);
}

/**
 * The follow-up due now, if any: the largest offset reached and not yet sent. When the clock has
 * passed several at once (the companion was down), only the latest goes out, not a burst.
 */
export function dueFollowUp(
    offsets: readonly number[],
    overdueDays: number,
    lastSent: number
): number | undefined {
    return offsets.filter((o) => o <= overdueDays && o > lastSent).at(-1);
}

type Notice = { subject: string; text: string };

export function notice(input: {
    invoice: CaseInvoice;
    accountName: string;
    overdueDays: number;
    followUpDay?: number;
    escalation?: boolean;
}): Notice {
    const { invoice } = input;
    const amount = `${invoice.currency} ${invoice.balance.toFixed(2)}`;
    const lead = followUpLead(input.followUpDay ?? 0, input.escalation ?? false);
    const days = `${input.overdueDays} day${input.overdueDays === 1 ? '' : 's'}`;
    return {
        subject: `${lead}Invoice ${invoice.number} for ${input.accountName} is ${days} overdue`,
        text: [
            `Invoice ${invoice.number} for ${input.accountName} is ${days} overdue.`,
            `Balance due: ${amount} of ${invoice.currency} ${invoice.total.toFixed(2)}.`,
            `Open it in Zoho Books: ${invoice.url}`
        ].join('\n')
    };
}

/** A record's subject: stable for a case and offset, so a retried create can find it. */
export function taskSubject(
    invoice: CaseInvoice,
    accountName: string,
    followUpDay: number,
    escalation = false
) {
    const lead = followUpLead(followUpDay, escalation);
    return `${lead}Collect overdue invoice ${invoice.number} from ${accountName}`.slice(0, 255);
}

/** The Task, or the Case, for the account owner. */
export function recordFields(input: {
    kind: 'Task' | 'Case';
    subject: string;
    notice: Notice;
    accountId: string;
    ownerId: string;
    today: string;
    followUp: boolean;
    /** An escalation: the Case is opened as escalated. */
    escalation?: boolean;
}): Record<string, unknown> {
    if (input.kind === 'Case')
        return {
            Subject: input.subject,
            Description: input.notice.text,
            AccountId: input.accountId,
            OwnerId: input.ownerId,
            Status: input.escalation ? 'Escalated' : 'New',
            Priority: input.followUp ? 'High' : 'Medium'
        };
    return {
        Subject: input.subject,
        Description: input.notice.text,
        WhatId: input.accountId,
        OwnerId: input.ownerId,
        ActivityDate: input.today,
        Status: 'Not Started',
        Priority: input.followUp ? 'High' : 'Normal'
    };
}

/** Salesforce id prefixes of what a case may have opened, and how each is closed. */
export const CLOSED_BY_PREFIX: Readonly<Record<string, { sobject: string; status: string }>> = {
    '00T': { sobject: 'Task', status: 'Completed' },
    '500': { sobject: 'Case', status: 'Closed' }
};

/** A Slack Block Kit message (incoming webhook). */
export function slackMessage(n: Notice, url: string) {
    return {
        text: n.subject,
        blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${n.subject}*` } },
            { type: 'section', text: { type: 'plain_text', text: n.text } },
            {
                type: 'actions',
                elements: [
                    {
                        type: 'button',
                        text: { type: 'plain_text', text: 'Open in Zoho Books' },
                        url
                    }
                ]
            }
        ]
    };
}
