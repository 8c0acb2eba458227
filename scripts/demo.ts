// `npm run demo -- <command>`: drives the sandbox that `npm start` runs when no live credentials
// are set, through the simulators' control surfaces (as a sales rep would in Salesforce).
//   deals            the seeded deals, their stage and invoice
//   close <n>        close deal n as won, then wait for its Zoho invoice and the write-back
//   invoice <n>      deal n's invoice in the Zoho Books simulator and on the Opportunity
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

const infoSchema = z.object({
    companion: z.string(),
    zoho: z.object({ url: z.string(), organizationId: z.string() }),
    salesforce: z.object({ url: z.string(), orgId: z.string(), salesRep: z.string() }),
    connectionId: z.string(),
    deals: z.array(
        z.object({ id: z.string(), name: z.string(), account: z.string(), amount: z.number() })
    )
});
type Info = z.infer<typeof infoSchema>;

const opportunitySchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    StageName: z.string(),
    Amount: z.number().nullish(),
    Zoho_Invoice_Number__c: z.string().nullish(),
    Zoho_Invoice_Id__c: z.string().nullish(),
    Zoho_Invoice_Status__c: z.string().nullish(),
    Closebooks_Sync_Status__c: z.string().nullish(),
    Closebooks_Sync_Message__c: z.string().nullish()
});
const zohoStateSchema = z.looseObject({
    invoices: z.array(
        z.looseObject({
            invoice_id: z.string(),
            invoice_number: z.string(),
            customer_name: z.string().optional(),
            currency_code: z.string(),
            status: z.string(),
            sub_total: z.number().optional(),
            tax_total: z.number().optional(),
            total: z.number(),
            line_items: z.array(
                z.looseObject({
                    name: z.string().optional(),
                    quantity: z.number(),
                    rate: z.number(),
                    item_total: z.number().optional(),
                    tax_name: z.string().optional()
                })
            )
        })
    )
});

/** The command's output, on stdout. */
function say(line = ''): void {
    process.stdout.write(`${line}\n`);
}

function die(message: string): never {
    process.stderr.write(`demo: ${message}\n`);
    process.exit(1);
}

async function loadInfo(): Promise<Info> {
    const dir = path.resolve(process.env.CLOSEBOOKS_DATA_DIR || '.closebooks');
    const file = path.join(dir, 'sandbox.json');
    const text = await readFile(file, 'utf8').catch(() =>
        die(`no sandbox found (${file}); start the companion first: npm start`)
    );
    return infoSchema.parse(JSON.parse(text));
}

async function getJson(url: string, init?: RequestInit): Promise<unknown> {
    const res = await fetch(url, init).catch(() =>
        die(`cannot reach ${new URL(url).origin}; is npm start still running?`)
    );
    if (!res.ok) die(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${await res.text()}`);
    return res.json();
}

function deal(info: Info, arg: string | undefined) {
    const n = Number(arg);
    const found = Number.isInteger(n) ? info.deals[n - 1] : undefined;
    if (!found) die(`pick a deal number from 1 to ${info.deals.length} (npm run demo -- deals)`);
    return found;
}

const opportunityUrl = (info: Info, id: string) =>
    `${info.salesforce.url}/_sandbox/orgs/${info.salesforce.orgId}/records/Opportunity/${id}`;

async function opportunity(info: Info, id: string) {
    return opportunitySchema.parse(await getJson(opportunityUrl(info, id)));
}

async function listDeals(info: Info) {
    say('#  deal       account                     amount      stage                 invoice');
    for (const [i, d] of info.deals.entries()) {
        const o = await opportunity(info, d.id);
        const invoice =
            o.Zoho_Invoice_Number__c ??
            (o.Closebooks_Sync_Status__c ? `(${o.Closebooks_Sync_Status__c})` : '');
        say(
            `${String(i + 1).padEnd(3)}${d.name.padEnd(11)}${d.account.padEnd(28)}${d.amount.toFixed(2).padStart(10)}  ${o.StageName.padEnd(22)}${invoice}`
        );
    }
}

async function showInvoice(info: Info, id: string) {
    const o = await opportunity(info, id);
    say(
        `Opportunity ${o.Name} (${o.Id}): stage ${o.StageName}, sync ${o.Closebooks_Sync_Status__c ?? '-'}`
    );
    if (o.Closebooks_Sync_Message__c) say(`  message: ${o.Closebooks_Sync_Message__c}`);
    if (!o.Zoho_Invoice_Id__c) return say('  no invoice written back yet');
    say(
        `  Zoho invoice ${o.Zoho_Invoice_Number__c} (${o.Zoho_Invoice_Id__c}), status ${o.Zoho_Invoice_Status__c}`
    );
    const state = zohoStateSchema.parse(
        await getJson(`${info.zoho.url}/_sandbox/orgs/${info.zoho.organizationId}`)
    );
    const invoice = state.invoices.find((x) => x.invoice_id === o.Zoho_Invoice_Id__c);
    if (!invoice) return say('  (not found in the Zoho Books simulator)');
    say(
        `  in Zoho Books: ${invoice.invoice_number} for ${invoice.customer_name ?? '?'}, ${invoice.status}`
    );
    for (const l of invoice.line_items)
        say(
            `    ${(l.name ?? '').padEnd(22)} ${String(l.quantity).padStart(4)} × ${l.rate.toFixed(2).padStart(9)}  ${(l.tax_name ?? '').padEnd(10)} ${(l.item_total ?? 0).toFixed(2).padStart(10)}`
        );
    say(
        `  sub total ${invoice.sub_total?.toFixed(2)}  tax ${invoice.tax_total?.toFixed(2)}  total ${invoice.currency_code} ${invoice.total.toFixed(2)}`
    );
}

async function close(info: Info, id: string) {
    await getJson(opportunityUrl(info, id), {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { StageName: 'Closed Won' }, as: info.salesforce.salesRep })
    });
    say('Closed as won; waiting for the invoice…');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
        const o = await opportunity(info, id);
        if (
            o.Zoho_Invoice_Id__c ||
            o.Closebooks_Sync_Status__c === 'Held' ||
            o.Closebooks_Sync_Status__c === 'Failed'
        )
            return showInvoice(info, id);
        await new Promise((r) => setTimeout(r, 250));
    }
    die('no invoice after 20 s; see the companion log');
}

const [command, arg] = process.argv.slice(2);
const info = await loadInfo();
switch (command) {
    case 'deals':
        await listDeals(info);
        break;
    case 'close':
        await close(info, deal(info, arg).id);
        break;
    case 'invoice':
        await showInvoice(info, deal(info, arg).id);
        break;
    default:
        die('usage: npm run demo -- deals | close <n> | invoice <n>');
}
