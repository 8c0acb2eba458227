import { z } from 'zod';

import type { OrgCredentials } from '../zoho/provision.ts';
import type { ZohoSandbox } from '../zoho/zoho-sandbox.ts';
import { ConsoleError } from './errors.ts';

/** The organization's books as the Zoho screens show them (rendered as the API renders them). */
const booksSchema = z.object({
    invoices: z.array(
        z.looseObject({
            invoice_id: z.string(),
            invoice_number: z.string(),
            customer_id: z.string(),
            customer_name: z.string().optional(),
            status: z.string(),
            date: z.string().optional(),
            currency_code: z.string(),
            total: z.number(),
            balance: z.number()
        })
    ),
    payments: z.array(
        z.looseObject({
            payment_id: z.string(),
            payment_number: z.string(),
            customer_name: z.string().optional(),
            date: z.string(),
            amount: z.number(),
            currency_code: z.string().optional(),
            invoices: z.array(z.looseObject({ invoice_number: z.string().optional() })).optional()
        })
    )
});
export type ZohoBooksView = z.infer<typeof booksSchema> & { today: string };

export const paymentInputSchema = z.strictObject({
    invoiceId: z.string().min(1),
    amount: z.number().positive(),
    date: z.iso.date(),
    paymentMode: z.enum(['banktransfer', 'check', 'cash', 'creditcard'])
});
export type PaymentInput = z.infer<typeof paymentInputSchema>;

const zohoErrorSchema = z.looseObject({ code: z.number(), message: z.string() });

/**
 * The Zoho Books screens' data, "Mark as sent" and the "Record payment" form, as a Zoho Books
 * user does them: each goes through the Books API with the organization's user token, so the simulator
 * validates it and sends its webhooks exactly as for any other caller.
 */
export function zohoBooks(zoho: ZohoSandbox, credentials: OrgCredentials, now: () => number) {
    let accessToken = credentials.access_token;

    async function refreshToken(): Promise<void> {
        const res = await zoho.fetch(`${credentials.accounts_url}/oauth/v2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: credentials.refresh_token,
                client_id: credentials.client_id,
                client_secret: credentials.client_secret
            }).toString()
        });
        const parsed = z.object({ access_token: z.string() }).safeParse(await res.json());
        if (!parsed.success)
            throw new ConsoleError('console_refused', 'Zoho refused to renew the console token.');
        accessToken = parsed.data.access_token;
    }

    async function books(method: string, path: string, body?: unknown, retried = false) {
        const url = new URL(`${credentials.api_domain}/books/v3${path}`);
        url.searchParams.set('organization_id', credentials.organization_id);
        const res = await zoho.fetch(url, {
            method,
            headers: {
                authorization: `Zoho-oauthtoken ${accessToken}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' })
            },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        if (res.status === 401 && !retried) {
            await refreshToken();
            return books(method, path, body, true);
        }
        const answer = (await res.json()) as Record<string, unknown>;
        if (!res.ok) {
            const error = zohoErrorSchema.safeParse(answer);
            throw new ConsoleError(
                'console_refused',
                error.success
                    ? `Zoho Books: ${error.data.message}`
                    : `Zoho Books answered ${res.status}`
            );
        }
        return answer;
    }

    return {
        async view(): Promise<ZohoBooksView> {
            const res = await zoho.app.request(`/_sandbox/orgs/${credentials.organization_id}`);
            const state = booksSchema.parse(await res.json());
            const newestFirst = <T extends { date?: string | undefined }>(a: T, b: T) =>
                (b.date ?? '').localeCompare(a.date ?? '');
            return {
                invoices: [...state.invoices].sort(newestFirst),
                payments: [...state.payments].sort(newestFirst),
                today: new Date(now()).toISOString().slice(0, 10)
            };
        },

        /** "Mark as sent": a draft invoice becomes open, so payments can be recorded against it. */
        async markSent(invoiceId: string): Promise<void> {
            await books('POST', `/invoices/${encodeURIComponent(invoiceId)}/status/sent`);
        },

        /** Records a customer payment applied in full to one invoice; answers the payment. */
        async recordPayment(input: PaymentInput): Promise<Record<string, unknown>> {
            const { invoice } = z
                .object({ invoice: z.looseObject({ customer_id: z.string() }) })
                .parse(await books('GET', `/invoices/${encodeURIComponent(input.invoiceId)}`));
            const answer = await books('POST', '/customerpayments', {
                customer_id: invoice.customer_id,
                payment_mode: input.paymentMode,
                amount: input.amount,
                date: input.date,
                invoices: [{ invoice_id: input.invoiceId, amount_applied: input.amount }]
            });
            return z.object({ payment: z.looseObject({}) }).parse(answer).payment;
        }
    };
}
