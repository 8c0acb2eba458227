import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { Record } from './support/invoice-env.ts';
import { paymentsEnv, type PaymentsEnv } from './support/payments-env.ts';
import { createTestDb, testBackend, type TestDb } from './support/test-db.ts';

/**
 * Collections (F4) end to end: an invoice falling overdue gets one Task for the account owner,
 * one Slack message (received by a local incoming-webhook receiver) and one e-mail (received
 * by a real SMTP server); the day-7 follow-up comes on a moved clock; paying the invoice
 * completes the tasks. Repeated events make nothing twice.
 */

const DAY = 86_400_000;

let testDb: TestDb;
let env: PaymentsEnv | undefined;
let slack: { server: Server; url: string; posts: Record[]; failNext: number };
let smtp: { server: SMTPServer; url: string; mails: { to: string[]; raw: string }[] };

function listen(server: Server | SMTPServer): Promise<number> {
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
            const address = (server as { server?: Server }).server ?? (server as Server);
            resolve((address.address() as AddressInfo).port);
        });
    });
}

beforeAll(async () => {
    testDb = await createTestDb();
    const posts: Record[] = [];
    const state = { failNext: 0 };
    const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
            if (state.failNext > 0) {
                state.failNext--;
                res.writeHead(500).end('no');
                return;
            }
            posts.push(JSON.parse(body) as Record);
            res.writeHead(200).end('ok');
        });
    });
    slack = {
        server,
        url: `http://127.0.0.1:${await listen(server)}/services/T000/B000/XXXX`,
        posts,
        get failNext() {
            return state.failNext;
        },
        set failNext(n: number) {
            state.failNext = n;
        }
    };
    const mails: { to: string[]; raw: string }[] = [];
    const mailServer = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
            let raw = '';
            stream.on('data', (c: Buffer) => (raw += c.toString()));
            stream.on('end', () => {
                mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
                callback();
            });
        }
    });
    smtp = { server: mailServer, url: `smtp://127.0.0.1:${await listen(mailServer)}`, mails };
});
afterEach(async () => {
    await env?.close();
    env = undefined;
    await testDb.reset();
    slack.posts.length = 0;
    smtp.mails.length = 0;
});
afterAll(async () => {
    await testDb.drop();
    await new Promise((r) => slack.server.close(r));
    await new Promise((r) => smtp.server.close(() => r(undefined)));
});

const tasks = (e: PaymentsEnv) => e.sf.records(e.sfOrg, 'Task') as Record[];

describe(`collections (${testBackend})`, () => {
    it('opens one task with one Slack message and one e-mail when an invoice falls overdue, follows up on day 7, and closes all when paid', async () => {
        env = await paymentsEnv(testDb.db, {
            notify: {
                slackWebhookUrl: slack.url,
                smtpUrl: smtp.url,
                mailFrom: 'closebooks@example.com',
                financeEmail: 'finance@example.com'
            }
        });
        const opportunityId = env.seed.opportunities[0]!.salesforceId;
        env.closeDeals([opportunityId]);
        const invoiceId = String(
            (
                await env.waitFor(
                    () => env!.opportunity(opportunityId).Zoho_Invoice_Id__c || undefined,
                    20_000,
                    'the invoice'
                )
            ).valueOf()
        );
        expect((await env.books.post(`/invoices/${invoiceId}/status/sent`)).status).toBe(200);
        const invoice = await env.zohoInvoice(invoiceId);
        const accountId = String(env.opportunity(opportunityId).AccountId);
        await env.drained();

        // The day after the due date, the sweep sees the invoice overdue (Zoho changes nothing).
        env.clock.set(Date.parse(`${String(invoice.due_date)}T09:00:00Z`) + DAY);
        const sweep = () =>
            env!.runtime.payments.sweep.run(env!.connectionId, {
                actor: 'test',
                correlationId: null
            });
        await sweep();
        await env.waitFor(
            () => (slack.posts.length === 1 && smtp.mails.length === 1) || undefined,
            15_000,
            'the Slack message and the e-mail'
        );
        await env.drained();
        expect(tasks(env)).toHaveLength(1);
        const account = env.account(accountId);
        expect(tasks(env)[0]).toMatchObject({
            WhatId: accountId,
            OwnerId: account.OwnerId,
            Status: 'Not Started'
        });
        expect(String(tasks(env)[0]!.Subject)).toContain(String(invoice.invoice_number));
        expect(String(tasks(env)[0]!.Description)).toContain('is 1 day overdue');
        expect(env.opportunity(opportunityId).Zoho_Payment_Status__c).toBe('Overdue');
        expect(JSON.stringify(slack.posts[0])).toContain(String(invoice.invoice_number));
        expect(smtp.mails[0]!.to).toContain('finance@example.com');
        expect(smtp.mails[0]!.raw).toContain(String(invoice.invoice_number));

        // The same facts again (a second sweep, the scheduler before any offset): nothing new.
        await sweep();
        expect(await env.runtime.collections.schedule()).toBe(0);
        await env.drained();
        expect(tasks(env)).toHaveLength(1);
        expect([slack.posts.length, smtp.mails.length]).toEqual([1, 1]);

        // A week later the day-7 follow-up goes out (the day-3 one, passed meanwhile, does not).
        env.clock.advance(7 * DAY);
        expect(await env.runtime.collections.schedule()).toBe(1);
        env.runtime.worker.poke();
        await env.waitFor(
            () => (slack.posts.length === 2 && smtp.mails.length === 2) || undefined,
            15_000,
            'the follow-up notices'
        );
        await env.drained();
        expect(tasks(env)).toHaveLength(2);
        expect(tasks(env).map((t) => String(t.Subject))).toEqual([
            expect.not.stringContaining('Follow-up'),
            expect.stringContaining('Follow-up (day 7)')
        ]);
        expect(await env.runtime.collections.schedule()).toBe(0);

        // Paid: every task of the invoice is completed.
        await env.signInAgain();
        await env.recordPayment(String(invoice.customer_id), invoice.balance as number, [
            { invoice_id: invoiceId, amount_applied: invoice.balance as number }
        ]);
        await env.waitFor(
            () => tasks(env!).every((t) => t.Status === 'Completed') || undefined,
            15_000,
            'the tasks completed'
        );
        await env.drained();
        expect(env.opportunity(opportunityId).Zoho_Payment_Status__c).toBe('Paid');
        expect([slack.posts.length, smtp.mails.length]).toEqual([2, 2]);
    });

    it('retries a Slack failure with backoff and still writes the payment status at once', async () => {
        env = await paymentsEnv(testDb.db, { notify: { slackWebhookUrl: slack.url } });
        const opportunityId = env.seed.opportunities[0]!.salesforceId;
        env.closeDeals([opportunityId]);
        const invoiceId = String(
            await env.waitFor(
                () => env!.opportunity(opportunityId).Zoho_Invoice_Id__c || undefined,
                20_000,
                'the invoice'
            )
        );
        await env.books.post(`/invoices/${invoiceId}/status/sent`);
        const invoice = await env.zohoInvoice(invoiceId);
        await env.drained();
        slack.failNext = 1;

        env.clock.set(Date.parse(`${String(invoice.due_date)}T09:00:00Z`) + DAY);
        await env.runtime.payments.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });
        await env.waitFor(
            () => env!.opportunity(opportunityId).Zoho_Payment_Status__c === 'Overdue' || undefined,
            15_000,
            'the overdue status'
        );
        const failed = await env.waitFor(
            async () => {
                const [row] = await env!.db.query<{ state: string; last_error: string | null }>(
                    "SELECT state, last_error FROM jobs WHERE kind = 'notify.collections'"
                );
                return row?.state === 'retrying' ? row : undefined;
            },
            15_000,
            'the failed notice waiting for its retry'
        );
        expect(failed.last_error).toMatch(/notice_failed/);
        expect(slack.posts).toHaveLength(0);
        expect(tasks(env)).toHaveLength(1);
        // The retry, about two seconds later (real time: the queue's backoff), gets through.
        env.runtime.worker.poke();
        await env.waitFor(
            () => slack.posts.length === 1 || undefined,
            15_000,
            'the retried notice'
        );
    });
    it('opens a Case instead of a Task when the package says so, and closes it when paid', async () => {
        env = await paymentsEnv(testDb.db, { notify: { slackWebhookUrl: slack.url } });
        const opportunityId = env.seed.opportunities[0]!.salesforceId;
        env.closeDeals([opportunityId]);
        const invoiceId = String(
            await env.waitFor(
                () => env!.opportunity(opportunityId).Zoho_Invoice_Id__c || undefined,
                20_000,
                'the invoice'
            )
        );
        await env.books.post(`/invoices/${invoiceId}/status/sent`);
        const invoice = await env.zohoInvoice(invoiceId);
        const accountId = String(env.opportunity(opportunityId).AccountId);
        await env.drained();
        // The admin switches to Cases (the settings are read again after their 15 minutes).
        env.sf.deployMetadata(env.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
            Collections_Flow_Enabled__c: true,
            Payments_Flow_Enabled__c: true,
            Collections_Record__c: 'Case'
        });

        env.clock.set(Date.parse(`${String(invoice.due_date)}T09:00:00Z`) + DAY);
        await env.runtime.payments.sweep.run(env.connectionId, {
            actor: 'test',
            correlationId: null
        });
        await env.waitFor(() => slack.posts.length === 1 || undefined, 15_000, 'the notice');
        await env.drained();
        const cases = () => env!.sf.records(env!.sfOrg, 'Case') as Record[];
        expect(tasks(env)).toHaveLength(0);
        expect(cases()).toHaveLength(1);
        expect(cases()[0]).toMatchObject({ AccountId: accountId, Status: 'New' });

        await env.signInAgain();
        await env.recordPayment(String(invoice.customer_id), invoice.balance as number, [
            { invoice_id: invoiceId, amount_applied: invoice.balance as number }
        ]);
        await env.waitFor(
            () => cases()[0]!.Status === 'Closed' || undefined,
            15_000,
            'the case closed'
        );
    });
});
