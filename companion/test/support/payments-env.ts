import { createSandboxClock } from '../../sandbox/clock.ts';
import { accountsPost, booksClient } from '../../sandbox/zoho/test-client.ts';
import type { Db } from '../../src/store/db.ts';
import type { NotifyConfig } from '../../src/sync/collections/notifiers.ts';
import { putSecret } from '../../src/store/secrets.ts';
import { invoiceEnv, type Record } from './invoice-env.ts';

export const WEBHOOK_SECRET = 'paymentsWebhookSecret2026';

/** 2 November 2026, 09:00 UTC: deals closing at the end of November are not due yet. */
export const PAYMENTS_START = Date.UTC(2026, 10, 2, 9);

/**
 * The invoice environment plus Zoho's outgoing webhooks for invoices, customer payments and
 * credit notes, signed and pointed at the companion's webhook door as an admin would set them
 * up, and a Books API caller to record payments as a finance clerk would in Zoho.
 */
export async function paymentsEnv(
    db: Db,
    options: { deals?: number; notify?: NotifyConfig; fetch?: typeof fetch } = {}
) {
    const env = await invoiceEnv(db, {
        deals: options.deals ?? 1,
        clock: createSandboxClock({ startAt: PAYMENTS_START }),
        ...(options.notify ? { notify: options.notify } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {})
    });
    await putSecret(
        db,
        env.keyring,
        { connectionId: env.connectionId, kind: 'webhook_secret' },
        WEBHOOK_SECRET
    );
    const zoho = env.pair.zoho.sandbox;
    const url = `${env.server.url}/v1/zoho/webhooks/${env.connectionId}?organization_id=${env.zohoOrg}`;
    // As the README recommends: no rule on invoices created (the companion made them).
    const rules = [
        { module: 'invoice', events: ['edited', 'deleted'] },
        { module: 'customerpayment', events: ['created', 'edited', 'deleted'] },
        { module: 'creditnote', events: ['created', 'edited', 'deleted'] }
    ] as const;
    for (const rule of rules)
        zoho.addWebhook(env.zohoOrg, {
            module: rule.module,
            events: [...rule.events],
            url,
            secret: WEBHOOK_SECRET
        });
    const creds = env.pair.zoho.credentials;
    let books = booksClient(zoho, creds);

    return {
        ...env,
        get books() {
            return books;
        },
        /** A new access token for the clerk (the clock moved past the old one's hour). */
        async signInAgain() {
            const res = await accountsPost(zoho, `${creds.accounts_url}/oauth/v2/token`, {
                grant_type: 'refresh_token',
                refresh_token: creds.refresh_token,
                client_id: creds.client_id,
                client_secret: creds.client_secret
            });
            const token = res.body.access_token;
            if (typeof token !== 'string') throw new Error(`no token: ${JSON.stringify(res.body)}`);
            books = booksClient(zoho, { ...creds, access_token: token });
        },
        /** Records a customer payment in Zoho, applied to invoices as given. */
        async recordPayment(
            customerId: string,
            amount: number,
            applied: { invoice_id: string; amount_applied: number }[]
        ): Promise<Record> {
            const res = await books.post('/customerpayments', {
                customer_id: customerId,
                payment_mode: 'banktransfer',
                amount,
                date: new Date(env.clock.now()).toISOString().slice(0, 10),
                invoices: applied
            });
            if (res.status !== 201)
                throw new Error(`payment refused: ${res.status} ${JSON.stringify(res.body)}`);
            return res.body.payment as Record;
        },
        async zohoInvoice(invoiceId: string): Promise<Record> {
            const res = await books.get(`/invoices/${invoiceId}`);
            return res.body.invoice as Record;
        },
        async zohoContact(contactId: string): Promise<Record> {
            const res = await books.get(`/contacts/${contactId}`);
            return res.body.contact as Record;
        },
        account(id: string): Record {
            const found = env.sf.records(env.sfOrg, 'Account').find((r) => r.Id === id);
            if (!found) throw new Error(`no account ${id}`);
            return found as Record;
        },
        /** Zoho's deliveries of webhooks so far (what was sent, and how the companion answered). */
        deliveries() {
            return zoho.webhooks.deliveries(env.zohoOrg);
        },
        /** Waits until Zoho has delivered its webhooks and no job or write-back waits (real time). */
        async drained() {
            await env.waitFor(
                async () => {
                    if (zoho.webhooks.deliveries(env.zohoOrg).some((d) => d.status === 'pending'))
                        return undefined;
                    const [row] = await db.query<{ n: number }>(
                        "SELECT count(*)::int AS n FROM jobs WHERE state IN ('queued', 'running', 'retrying')"
                    );
                    const [wb] = await db.query<{ n: number }>(
                        'SELECT count(*)::int AS n FROM writebacks WHERE sent_at_ms IS NULL AND failed_at_ms IS NULL'
                    );
                    return (row?.n === 0 && wb?.n === 0) || undefined;
                },
                20_000,
                'the queues to drain'
            );
        }
    };
}
export type PaymentsEnv = Awaited<ReturnType<typeof paymentsEnv>>;
