// `npm run demo`: the quote-to-cash story against the sandbox that `npm start` runs when no live
// credentials are set (start it first, in another terminal): closes the first open seeded deal
// as won, waits for its Zoho invoice and the write-back, records its payment in the Zoho Books
// simulator, waits until Salesforce shows it paid, and ends with a summary table.
//   deals            the seeded deals, their stage and invoice
//   close <n>        close deal n as won, then wait for its Zoho invoice and the write-back
//   invoice <n>      deal n's invoice in the Zoho Books simulator and on the Opportunity
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { DemoError, infoSchema, sandboxClient, type Info } from './demo/sandbox-client.ts';
import { runStory, summaryTable } from './demo/story.ts';

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
    const parsed = infoSchema.safeParse(JSON.parse(text));
    if (!parsed.success) die(`${file} is from an older version; restart npm start`);
    return parsed.data;
}

const info = await loadInfo();
const client = sandboxClient(info);

function deal(arg: string | undefined) {
    const n = Number(arg);
    const found = Number.isInteger(n) ? info.deals[n - 1] : undefined;
    if (!found) die(`pick a deal number from 1 to ${info.deals.length} (npm run demo -- deals)`);
    return found;
}

async function listDeals() {
    say('#  deal       account                     amount      stage                 invoice');
    for (const [i, d] of info.deals.entries()) {
        const o = await client.opportunity(d.id);
        const invoice =
            o.Zoho_Invoice_Number__c ??
            (o.Closebooks_Sync_Status__c ? `(${o.Closebooks_Sync_Status__c})` : '');
        say(
            `${String(i + 1).padEnd(3)}${d.name.padEnd(11)}${d.account.padEnd(28)}${d.amount.toFixed(2).padStart(10)}  ${o.StageName.padEnd(22)}${invoice}`
        );
    }
}

async function showInvoice(id: string) {
    const o = await client.opportunity(id);
    say(
        `Opportunity ${o.Name} (${o.Id}): stage ${o.StageName}, sync ${o.Closebooks_Sync_Status__c ?? '-'}`
    );
    if (o.Closebooks_Sync_Message__c) say(`  message: ${o.Closebooks_Sync_Message__c}`);
    if (!o.Zoho_Invoice_Id__c) return say('  no invoice written back yet');
    say(
        `  Zoho invoice ${o.Zoho_Invoice_Number__c} (${o.Zoho_Invoice_Id__c}), status ${o.Zoho_Invoice_Status__c}`
    );
    const invoice = await client.invoice(o.Zoho_Invoice_Id__c);
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

async function close(id: string) {
    await client.closeWon(id);
    say('Closed as won; waiting for the invoice…');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
        const o = await client.opportunity(id);
        if (
            o.Zoho_Invoice_Id__c ||
            o.Closebooks_Sync_Status__c === 'Held' ||
            o.Closebooks_Sync_Status__c === 'Failed'
        )
            return showInvoice(id);
        await new Promise((r) => setTimeout(r, 250));
    }
    die('no invoice after 20 s; see the companion log');
}

async function story() {
    const summary = await runStory(info, {
        client,
        progress: (line) => process.stderr.write(`${line}\n`),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        now: Date.now
    });
    for (const line of summaryTable(summary)) say(line);
}

const [command, arg] = process.argv.slice(2);
try {
    switch (command) {
        case undefined:
            await story();
            break;
        case 'deals':
            await listDeals();
            break;
        case 'close':
            await close(deal(arg).id);
            break;
        case 'invoice':
            await showInvoice(deal(arg).id);
            break;
        default:
            die('usage: npm run demo [-- deals | close <n> | invoice <n>]');
    }
} catch (error) {
    if (!(error instanceof DemoError)) throw error;
    die(error.message);
}
