import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Record } from './support/invoice-env.ts';
import { paymentsEnv, type PaymentsEnv } from './support/payments-env.ts';
import { testBackend, useTestDb } from './support/test-db.ts';

/**
 * Collections (F4) escalation end to end: on the package's escalation offset the follow-up goes
 * to the account owner's manager (`User.ManagerId`) as a Task and an e-mail received by a real
 * SMTP server, or opens an escalated Case; repeated schedules and sweeps make nothing twice;
 * paying the invoice completes or closes everything.
 */

const DAY = 86_400_000;

let env: PaymentsEnv | undefined;
const testDb = useTestDb(async () => {
    await env?.close();
    env = undefined;
});
let smtp: { server: SMTPServer; url: string; mails: { to: string[]; raw: string }[] };

beforeAll(async () => {
    const mails: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
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
    const port = await new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
            resolve(
                (server as unknown as { server: { address(): AddressInfo } }).server.address().port
            )
        )
    );
    smtp = { server, url: `smtp://127.0.0.1:${port}`, mails };
});
afterAll(async () => {
    await new Promise((r) => smtp.server.close(() => r(undefined)));
});

function deploySettings(e: PaymentsEnv, changes: Record) {
    const current = e.sf
        .records(e.sfOrg, 'Closebooks_Setting__mdt')
        .find((r) => r.DeveloperName === 'Default') as Record;
    const custom = Object.fromEntries(Object.entries(current).filter(([k]) => k.endsWith('__c')));
    e.sf.deployMetadata(e.sfOrg, 'Closebooks_Setting__mdt', 'Default', {
        MasterLabel: 'Default',
        ...custom,
        ...changes
    } as Parameters<typeof e.sf.deployMetadata>[3]);
}

/** A won deal invoiced and sent, its owner given a manager, the clock a day past due. */
async function overdueDeal(e: PaymentsEnv, settings: Record) {
    const opportunityId = e.seed.opportunities[0]!.salesforceId;
    e.closeDeals([opportunityId]);
    const invoiceId = String(
        await e.waitFor(
            () => e.opportunity(opportunityId).Zoho_Invoice_Id__c || undefined,
            20_000,
            'the invoice'
        )
    );
    expect((await e.books.post(`/invoices/${invoiceId}/status/sent`)).status).toBe(200);
    const invoice = await e.zohoInvoice(invoiceId);
    const accountId = String(e.opportunity(opportunityId).AccountId);
    const ownerId = String(e.account(accountId).OwnerId);
    const boss = e.sf.addUser(e.sfOrg, { username: 'boss@demo.sandbox', lastName: 'Boss' });
    e.sf.update(e.sfOrg, 'User', ownerId, { ManagerId: boss.id });
    deploySettings(e, settings);
    await e.drained();
    const dueAt = Date.parse(`${String(invoice.due_date)}T09:00:00Z`);
    e.clock.set(dueAt + DAY);
    await e.runtime.payments.sweep.run(e.connectionId, { actor: 'test', correlationId: null });
    await e.drained();
    return { invoice, invoiceId, accountId, ownerId, bossId: boss.id, dueAt };
}

async function followUps(e: PaymentsEnv) {
    const queued = await e.runtime.collections.schedule();
    e.runtime.worker.poke();
    await e.drained();
    return queued;
}

async function pay(e: PaymentsEnv, invoice: Record, invoiceId: string) {
    await e.signInAgain();
    await e.recordPayment(String(invoice.customer_id), invoice.balance as number, [
        { invoice_id: invoiceId, amount_applied: invoice.balance as number }
    ]);
    await e.drained();
}

describe(`collections escalation (${testBackend})`, () => {
    it("gives the escalation follow-up to the owner's manager as a Task and an e-mail, once", async () => {
        smtp.mails.length = 0;
        env = await paymentsEnv(testDb.db, { notify: { smtpUrl: smtp.url } });
        const e = env;
        const deal = await overdueDeal(e, {
            Follow_Up_Offsets__c: '7',
            Escalation_Offset_Days__c: 10,
            Escalation_Record__c: 'Manager_Task'
        });
        const tasks = () => e.sf.records(e.sfOrg, 'Task') as Record[];
        expect(tasks().map((t) => t.OwnerId)).toEqual([deal.ownerId]);

        // Ten days past due: the day-7 follow-up passed unseen, the escalation is what goes out.
        e.clock.set(deal.dueAt + 10 * DAY);
        expect(await followUps(e)).toBe(1);
        expect(tasks()).toHaveLength(2);
        const escalated = tasks()[1]!;
        expect(escalated).toMatchObject({
            OwnerId: deal.bossId,
            WhatId: deal.accountId,
            Priority: 'High'
        });
        expect(String(escalated.Subject)).toContain('Escalation (day 10)');
        await e.waitFor(() => smtp.mails.length === 2 || undefined, 15_000, 'the two e-mails');
        expect(smtp.mails[1]!.to).toContain('boss@demo.sandbox');
        expect(smtp.mails[1]!.raw).toContain('Escalation (day 10)');

        // The same day again, and a sweep: nothing new.
        expect(await followUps(e)).toBe(0);
        await e.runtime.payments.sweep.run(e.connectionId, { actor: 'test', correlationId: null });
        await e.drained();
        expect(tasks()).toHaveLength(2);
        expect(smtp.mails).toHaveLength(2);

        // Paid: the manager's task is completed with the owner's.
        await pay(e, deal.invoice, deal.invoiceId);
        expect(tasks().map((t) => t.Status)).toEqual(['Completed', 'Completed']);
    });

    it('opens an escalated Case for the manager when the setting says Case', async () => {
        env = await paymentsEnv(testDb.db);
        const e = env;
        const deal = await overdueDeal(e, {
            Follow_Up_Offsets__c: '30',
            Escalation_Offset_Days__c: 5,
            Escalation_Record__c: 'Case'
        });
        e.clock.set(deal.dueAt + 5 * DAY);
        expect(await followUps(e)).toBe(1);
        const cases = () => e.sf.records(e.sfOrg, 'Case') as Record[];
        expect(cases()).toHaveLength(1);
        expect(cases()[0]).toMatchObject({
            AccountId: deal.accountId,
            OwnerId: deal.bossId,
            Status: 'Escalated',
            Priority: 'High'
        });
        expect(await followUps(e)).toBe(0);
        expect(cases()).toHaveLength(1);

        await pay(e, deal.invoice, deal.invoiceId);
        expect(cases()[0]!.Status).toBe('Closed');
    });
});
