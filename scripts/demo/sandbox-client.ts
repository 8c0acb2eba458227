import { z } from 'zod';

/** `sandbox.json`, written by `npm start` in sandbox mode (companion/sandbox/demo/announce.ts). */
export const infoSchema = z.object({
    companion: z.string(),
    zoho: z.object({
        url: z.string(),
        organizationId: z.string(),
        clerk: z.object({
            accountsUrl: z.string(),
            clientId: z.string(),
            clientSecret: z.string(),
            refreshToken: z.string()
        })
    }),
    salesforce: z.object({ url: z.string(), orgId: z.string(), salesRep: z.string() }),
    connectionId: z.string(),
    deals: z.array(
        z.object({ id: z.string(), name: z.string(), account: z.string(), amount: z.number() })
    )
});
export type Info = z.infer<typeof infoSchema>;

export const opportunitySchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    AccountId: z.string().nullish(),
    StageName: z.string(),
    Amount: z.number().nullish(),
    Zoho_Invoice_Number__c: z.string().nullish(),
    Zoho_Invoice_Id__c: z.string().nullish(),
    Zoho_Invoice_Status__c: z.string().nullish(),
    Zoho_Payment_Status__c: z.string().nullish(),
    Closebooks_Sync_Status__c: z.string().nullish(),
    Closebooks_Sync_Message__c: z.string().nullish()
});
export type Opportunity = z.infer<typeof opportunitySchema>;

const accountSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    Zoho_Outstanding_Balance__c: z.number().nullish()
});

export const invoiceSchema = z.looseObject({
    invoice_id: z.string(),
    invoice_number: z.string(),
    customer_id: z.string(),
    customer_name: z.string().optional(),
    currency_code: z.string(),
    status: z.string(),
    sub_total: z.number().optional(),
    tax_total: z.number().optional(),
    total: z.number(),
    balance: z.number().optional(),
    line_items: z.array(
        z.looseObject({
            name: z.string().optional(),
            quantity: z.number(),
            rate: z.number(),
            item_total: z.number().optional(),
            tax_name: z.string().optional()
        })
    )
});
export type ZohoInvoice = z.infer<typeof invoiceSchema>;

/** A failure of the demo, with what to do about it. */
export class DemoError extends Error {
    readonly code = 'demo_failed';
}

/**
 * The sandbox's simulators through their control surfaces, as a sales rep (Salesforce) and a
 * finance clerk (Zoho Books, through its API) would act on them.
 */
export function sandboxClient(info: Info, fetchImpl: typeof fetch = fetch) {
    async function json(url: string, init?: RequestInit): Promise<unknown> {
        const res = await fetchImpl(url, init).catch(() => {
            throw new DemoError(`cannot reach ${new URL(url).origin}; is npm start still running?`);
        });
        if (!res.ok)
            throw new DemoError(
                `${init?.method ?? 'GET'} ${url} answered ${res.status}: ${await res.text()}`
            );
        return res.json();
    }
    const sf = `${info.salesforce.url}/_sandbox/orgs/${info.salesforce.orgId}`;
    const zoho = `${info.zoho.url}/_sandbox/orgs/${info.zoho.organizationId}`;
    const record = (object: string, id: string) => `${sf}/records/${object}/${id}`;
    return {
        async opportunity(id: string): Promise<Opportunity> {
            return opportunitySchema.parse(await json(record('Opportunity', id)));
        },
        async account(id: string) {
            return accountSchema.parse(await json(record('Account', id)));
        },
        /** Closes the deal as won, as the sales rep. */
        async closeWon(id: string): Promise<void> {
            await json(record('Opportunity', id), {
                method: 'PATCH',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                    fields: { StageName: 'Closed Won' },
                    as: info.salesforce.salesRep
                })
            });
        },
        async invoice(invoiceId: string): Promise<ZohoInvoice | undefined> {
            const state = z
                .looseObject({ invoices: z.array(invoiceSchema) })
                .parse(await json(zoho));
            return state.invoices.find((i) => i.invoice_id === invoiceId);
        },
        /** API calls each simulator has counted for its organization so far. */
        async calls(): Promise<{ zoho: number; salesforce: number }> {
            const zohoUsage = z.object({ today: z.number() }).parse(await json(`${zoho}/usage`));
            const sfOrg = z.object({ usage: z.object({ used: z.number() }) }).parse(await json(sf));
            return { zoho: zohoUsage.today, salesforce: sfOrg.usage.used };
        },
        /** Records a payment of `amount` against the invoice in Zoho Books, as the clerk, today. */
        async recordPayment(invoice: ZohoInvoice, amount: number): Promise<void> {
            const { clerk } = info.zoho;
            const clock = z
                .object({ iso: z.string() })
                .parse(await json(`${info.zoho.url}/_sandbox/clock`));
            const token = z.object({ access_token: z.string(), api_domain: z.string() }).parse(
                await json(`${clerk.accountsUrl}/oauth/v2/token`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/x-www-form-urlencoded' },
                    body: new URLSearchParams({
                        grant_type: 'refresh_token',
                        refresh_token: clerk.refreshToken,
                        client_id: clerk.clientId,
                        client_secret: clerk.clientSecret
                    }).toString()
                })
            );
            const url = new URL(`${token.api_domain}/books/v3/customerpayments`);
            url.searchParams.set('organization_id', info.zoho.organizationId);
            await json(url.toString(), {
                method: 'POST',
                headers: {
                    authorization: `Zoho-oauthtoken ${token.access_token}`,
                    'content-type': 'application/json'
                },
                body: JSON.stringify({
                    customer_id: invoice.customer_id,
                    payment_mode: 'banktransfer',
                    amount,
                    date: clock.iso.slice(0, 10),
                    invoices: [{ invoice_id: invoice.invoice_id, amount_applied: amount }]
                })
            });
        }
    };
}
export type SandboxClient = ReturnType<typeof sandboxClient>;
