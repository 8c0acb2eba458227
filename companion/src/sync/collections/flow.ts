import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { JobContext } from '../../jobs/worker.ts';
import type { Logger } from '../../log.ts';
import { compositeQueries } from '../../salesforce/composite.ts';
import { SalesforceApiError } from '../../salesforce/errors.ts';
import { soql, soqlId } from '../../salesforce/soql.ts';
import { createMany, updateMany } from '../../salesforce/writes.ts';
import {
    addCaseTask,
    closeCase,
    getCase,
    listOpenCases,
    openCase,
    openCaseFor,
    type CaseInvoice,
    type CollectionCase
} from '../../store/collections.ts';
import type { Db } from '../../store/db.ts';
import { enqueue, type Job } from '../../store/jobs.ts';
import type { ConnectionClients } from '../clients.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { todayOf } from '../payments/map.ts';
import {
    COLLECTIONS_CLOSE_JOB,
    COLLECTIONS_FOLLOW_UP_JOB,
    COLLECTIONS_NOTICE_JOB,
    COLLECTIONS_OPEN_JOB,
    openSchema
} from './jobs.ts';
import { isEscalation, recipientFor, withEscalation } from './escalation.ts';
import type { Notifiers } from './notifiers.ts';
import { readAccountOwner, readManager } from './people.ts';
import {
    daysOverdue,
    dueFollowUp,
    notice,
    parseOffsets,
    recordFields,
    slackMessage,
    taskSubject,
    CLOSED_BY_PREFIX
} from './notice.ts';

/** Offsets when the package sets none. */
const DEFAULT_OFFSETS = [7, 14, 30];

const closeSchema = z.object({ invoiceId: z.string() });
const followUpSchema = z.object({ caseId: z.string(), day: z.number().int() });
const noticeSchema = z.object({
    channel: z.enum(['slack', 'email']),
    subject: z.string(),
    text: z.string(),
    url: z.string(),
    to: z.array(z.string())
});

/**
 * Collections (flow F4): an invoice that becomes overdue gets one case, one Task for the
 * account owner, and a Slack and an e-mail notice; follow-ups at the package's day offsets add
 * a task and notices each; paying or voiding the invoice completes its tasks and closes the
 * case. Notices are jobs of their own, retried with backoff, in their own queue: a Slack or
 * SMTP outage never holds up tasks or the payment write-back.
 */
export function createCollectionsFlow(deps: {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    settings: FlowSettingsCache;
    notifiers: Notifiers;
    onQueued?: () => void;
}) {
    const malformed = (job: Job) =>
        new AppError('collections_job_malformed', `job ${job.id} is malformed`, {
            retryable: false
        });

    async function owner(connectionId: string, accountId: string) {
        const sf = await deps.clients.salesforce(connectionId);
        return { sf, account: await readAccountOwner(sf, accountId) };
    }

    /** The open Task or Case of this subject, if an earlier try made it and lost the answer. */
    async function madeBefore(
        sf: Awaited<ReturnType<ConnectionClients['salesforce']>>,
        kind: 'Task' | 'Case',
        accountId: string,
        subject: string
    ): Promise<string | undefined> {
        const query =
            kind === 'Case'
                ? soql`SELECT Id FROM Case WHERE AccountId = ${soqlId(accountId)} AND Subject = ${subject} AND Status != ${'Closed'} LIMIT 1`
                : soql`SELECT Id FROM Task WHERE WhatId = ${soqlId(accountId)} AND Subject = ${subject} AND Status != ${'Completed'} LIMIT 1`;
        const [rows = []] = await compositeQueries(sf, [query]);
        return (rows[0] as { Id?: string } | undefined)?.Id;
    }

    /**
     * One Task (or Case) per case and offset and its notices: for the account owner, or on the
     * escalation offset for the owner's manager (or an escalated Case).
     */
    async function makeTask(c: CollectionCase, followUpDay: number) {
        const settings = await deps.settings.get(c.connectionId);
        const escalation = isEscalation(followUpDay, settings);
        const { sf, account } = await owner(c.connectionId, c.accountId);
        const recipient = recipientFor({
            day: followUpDay,
            settings,
            owner: { id: account.OwnerId, email: account.Owner?.Email ?? null },
            manager: escalation ? await readManager(sf, account.Owner?.ManagerId) : null
        });
        const kind = recipient.kind;
        const today = todayOf(deps.clock.now());
        const subject = taskSubject(c.invoice, account.Name, followUpDay, escalation);
        const told = notice({
            invoice: c.invoice,
            accountName: account.Name,
            overdueDays: daysOverdue(c.dueDate, today),
            escalation,
            ...(followUpDay ? { followUpDay } : {})
        });
        const said = recipient.note ? { ...told, text: `${told.text}\n${recipient.note}` } : told;
        let taskId = await madeBefore(sf, kind, c.accountId, subject);
        if (!taskId) {
            const [result] = await createMany(sf, kind, [
                recordFields({
                    kind,
                    subject,
                    notice: said,
                    accountId: c.accountId,
                    ownerId: recipient.ownerId,
                    today,
                    followUp: followUpDay > 0,
                    escalation
                })
            ]);
            if (!result?.ok)
                throw new SalesforceApiError(
                    'TASK_NOT_CREATED',
                    `the ${kind} for invoice ${c.invoice.number} was refused: ${JSON.stringify(result?.errors)}`
                );
            taskId = result.id;
        }
        const to = recipient.emails;
        await deps.db.transaction(async (tx) => {
            await addCaseTask(tx, c.id, taskId, followUpDay);
            for (const channel of ['slack', 'email'] as const) {
                if (!deps.notifiers[channel]) continue;
                await enqueue(tx, {
                    kind: COLLECTIONS_NOTICE_JOB,
                    partitionKey: `notify:${c.connectionId}`,
                    connectionId: c.connectionId,
                    payload: { channel, ...said, url: c.invoice.url, to },
                    dedupeKey: `notice:${c.id}:${followUpDay}:${channel}`,
                    maxAttempts: 6
                });
            }
        });
        deps.onQueued?.();
    }

    async function enabled(connectionId: string, ctx: JobContext) {
        const on = (await deps.settings.get(connectionId)).collectionsEnabled;
        if (!on) ctx.log.info('collections flow is switched off');
        return on;
    }

    async function open(job: Job, ctx: JobContext): Promise<void> {
        const input = openSchema.safeParse(job.payload);
        if (!input.success || !job.connectionId) throw malformed(job);
        if (!(await enabled(job.connectionId, ctx))) return;
        const { case: c } = await openCase(deps.db, {
            connectionId: job.connectionId,
            zohoInvoiceId: input.data.invoiceId,
            accountId: input.data.accountId,
            opportunityId: input.data.opportunityId,
            dueDate: input.data.dueDate,
            invoice: input.data.invoice satisfies CaseInvoice,
            nowMs: deps.clock.now()
        });
        if (c.taskIds.length > 0) return;
        await makeTask(c, 0);
    }

    async function followUp(job: Job): Promise<void> {
        const input = followUpSchema.safeParse(job.payload);
        if (!input.success) throw malformed(job);
        const c = await getCase(deps.db, input.data.caseId);
        const still = c && (await openCaseFor(deps.db, c.connectionId, c.zohoInvoiceId));
        if (!still || still.id !== c.id || still.lastFollowUpDay >= input.data.day) return;
        await makeTask(still, input.data.day);
    }

    async function close(job: Job): Promise<void> {
        const input = closeSchema.safeParse(job.payload);
        if (!input.success || !job.connectionId) throw malformed(job);
        const c = await openCaseFor(deps.db, job.connectionId, input.data.invoiceId);
        if (!c) return;
        if (c.taskIds.length > 0) {
            const sf = await deps.clients.salesforce(job.connectionId);
            const refused = [];
            for (const [prefix, { sobject, status }] of Object.entries(CLOSED_BY_PREFIX)) {
                const ids = c.taskIds.filter((id) => id.startsWith(prefix));
                if (ids.length === 0) continue;
                const results = await updateMany(
                    sf,
                    sobject,
                    ids.map((Id) => ({ Id, Status: status }))
                );
                refused.push(...results.filter((r) => !r.ok));
            }
            if (refused.length > 0)
                throw new SalesforceApiError(
                    'TASK_NOT_CLOSED',
                    `${refused.length} task(s) of invoice ${c.invoice.number} could not be completed`
                );
        }
        await closeCase(deps.db, c.id, deps.clock.now());
    }

    async function send(job: Job): Promise<void> {
        const input = noticeSchema.safeParse(job.payload);
        if (!input.success) throw malformed(job);
        const n = input.data;
        if (n.channel === 'slack') await deps.notifiers.sendSlack(slackMessage(n, n.url));
        else await deps.notifiers.sendEmail({ to: n.to, subject: n.subject, text: n.text });
    }

    /** Queues the follow-up each open case has reached (one job per case and offset). */
    async function schedule(): Promise<number> {
        let queued = 0;
        const today = todayOf(deps.clock.now());
        for (const c of await listOpenCases(deps.db)) {
            const settings = await deps.settings.get(c.connectionId).catch(() => undefined);
            if (!settings?.collectionsEnabled) continue;
            const offsets = parseOffsets(settings.followUpOffsets);
            const day = dueFollowUp(
                withEscalation(
                    offsets.length > 0 ? offsets : DEFAULT_OFFSETS,
                    settings.escalationOffset
                ),
                daysOverdue(c.dueDate, today),
                c.lastFollowUpDay
            );
            if (day === undefined) continue;
            const { created } = await enqueue(deps.db, {
                kind: COLLECTIONS_FOLLOW_UP_JOB,
                partitionKey: `collections:${c.connectionId}`,
                connectionId: c.connectionId,
                payload: { caseId: c.id, day },
                dedupeKey: `follow-up:${c.id}:${day}`
            });
            if (created) queued++;
        }
        return queued;
    }

    return {
        handlers: {
            [COLLECTIONS_OPEN_JOB]: open,
            [COLLECTIONS_CLOSE_JOB]: close,
            [COLLECTIONS_FOLLOW_UP_JOB]: followUp,
            [COLLECTIONS_NOTICE_JOB]: send
        },
        schedule
    };
}
