import { z } from 'zod';

import type { BenchEngine, BenchEnv } from './harness.ts';
import { naiveHttp, refreshingToken, type NaiveHttp } from './naive-http.ts';

/**
 * The baseline: the won-deal-to-invoice recipe as iPaaS tools build it. Per deal, one SOQL query
 * for the opportunity and its lines, a contact search by name in Zoho, the invoice POST, and a
 * PATCH writing the invoice back to the opportunity; five deals at a time, no pacing, a 429
 * waited out and retried as is. The invoice carries the opportunity id as its reference number.
 */

const PARALLEL = 5;
const API = 'v65.0';

const lineSchema = z.object({
    Quantity: z.number(),
    UnitPrice: z.number(),
    Discount: z.number().nullable().optional(),
    /** `Name`, and the package's item id field under the org's name for it (`cbks__…`). */
    Product2: z.looseObject({ Name: z.string() }).nullable()
});
const querySchema = z.object({
    records: z.array(
        z.object({
            Id: z.string(),
            Name: z.string(),
            Account: z.object({ Name: z.string() }).nullable(),
            OpportunityLineItems: z.object({ records: z.array(lineSchema) }).nullable()
        })
    )
});
const contactsSchema = z.object({ contacts: z.array(z.object({ contact_id: z.string() })) });
const contactSchema = z.object({ contact: z.object({ contact_id: z.string() }) });
const invoiceSchema = z.object({
    invoice: z.object({ invoice_id: z.string(), invoice_number: z.string() })
});

type Clients = { env: BenchEnv; sf: NaiveHttp; zoho: NaiveHttp };

async function invoiceDeal({ env, sf, zoho }: Clients, opportunityId: string): Promise<void> {
    const sfBase = `${env.salesforce.credentials.instance_url}/services/data/${API}`;
    const org = `organization_id=${env.zoho.credentials.organization_id}`;
    const books = `${env.zoho.credentials.api_domain}/books/v3`;
    // Written by hand against a subscriber org, the recipe names the package's fields in full.
    const ns = env.salesforce.sandbox.namespace;
    const pkg = (name: string) => (ns ? `${ns}__${name}` : name);
    const soql =
        'SELECT Id, Name, Account.Name, (SELECT Quantity, UnitPrice, Discount, Product2.Name, ' +
        `Product2.${pkg('Zoho_Item_Id__c')} FROM OpportunityLineItems) FROM Opportunity WHERE Id = '${opportunityId}'`;
    const { records } = await sf.call(
        querySchema,
        `${sfBase}/query?q=${encodeURIComponent(soql)}`,
        {
            method: 'GET'
        }
    );
    const deal = records[0];
    if (!deal?.Account) throw new Error(`opportunity ${opportunityId} has no account`);
    const name = deal.Account.Name;
    const found = await zoho.call(
        contactsSchema,
        `${books}/contacts?${org}&contact_name=${encodeURIComponent(name)}`,
        { method: 'GET' }
    );
    const customerId =
        found.contacts[0]?.contact_id ??
        (
            await zoho.call(contactSchema, `${books}/contacts?${org}`, {
                method: 'POST',
                body: { contact_name: name, contact_type: 'customer' }
            })
        ).contact.contact_id;
    const { invoice } = await zoho.call(invoiceSchema, `${books}/invoices?${org}`, {
        method: 'POST',
        body: {
            customer_id: customerId,
            reference_number: deal.Id,
            line_items: (deal.OpportunityLineItems?.records ?? []).map((l) => {
                const itemId = l.Product2?.[pkg('Zoho_Item_Id__c')];
                return {
                    ...(typeof itemId === 'string' && itemId
                        ? { item_id: itemId }
                        : { name: l.Product2?.Name ?? 'Item' }),
                    rate: l.UnitPrice,
                    quantity: l.Quantity,
                    ...(l.Discount ? { discount: `${l.Discount}%` } : {})
                };
            })
        }
    });
    await sf.call(z.unknown(), `${sfBase}/sobjects/Opportunity/${deal.Id}`, {
        method: 'PATCH',
        body: {
            [pkg('Zoho_Invoice_Id__c')]: invoice.invoice_id,
            [pkg('Zoho_Invoice_Number__c')]: invoice.invoice_number
        }
    });
}

export function naiveEngine(): BenchEngine {
    const queue: string[] = [];
    const workers = new Set<Promise<void>>();
    const abort = new AbortController();
    let clients: Clients | undefined;
    const failures: unknown[] = [];

    const work = async (c: Clients) => {
        for (let id = queue.shift(); id !== undefined && !abort.signal.aborted; id = queue.shift())
            await invoiceDeal(c, id).catch((error: unknown) => {
                if (!abort.signal.aborted) failures.push(error);
            });
    };
    const spawn = () => {
        while (clients && workers.size < PARALLEL && workers.size < queue.length) {
            const running: Promise<void> = work(clients).finally(() => {
                workers.delete(running);
                spawn();
            });
            workers.add(running);
        }
    };

    return {
        name: 'naive',
        backend: 'none',
        async start(env) {
            const { salesforce: s, zoho: z2 } = env;
            clients = {
                env,
                sf: naiveHttp({
                    clock: env.clock,
                    scheme: 'Bearer',
                    signal: abort.signal,
                    token: refreshingToken(
                        s.credentials.access_token,
                        `${s.credentials.login_url}/services/oauth2/token`,
                        s.credentials
                    )
                }),
                zoho: naiveHttp({
                    clock: env.clock,
                    scheme: 'Zoho-oauthtoken',
                    signal: abort.signal,
                    token: refreshingToken(
                        z2.credentials.access_token,
                        `${z2.credentials.accounts_url}/oauth/v2/token`,
                        z2.credentials
                    )
                })
            };
        },
        onDealsClosed(ids) {
            queue.push(...ids);
            spawn();
        },
        async stop() {
            queue.length = 0;
            while (workers.size > 0) await Promise.all([...workers]);
            abort.abort();
            if (failures.length > 0)
                process.stderr.write(
                    `naive: ${failures.length} deals failed: ${String(failures[0])}\n`
                );
        }
    };
}
