import type { ZohoSandbox } from '../sandbox/zoho/zoho-sandbox.ts';
import type { Invoice, OrgData } from '../sandbox/zoho/state.ts';
import { SALESFORCE_ID_FIELD } from '../sandbox/demo/seed.ts';

/**
 * Watches the Zoho simulator's state for invoices (every 10 ms) and the process's resident set
 * and heap (every 100 ms). An invoice belongs to the opportunity named at the end of its `cf_salesforce_id` custom
 * field or, failing that, its reference number (what an iPaaS recipe writes).
 */

export type InvoiceWatch = {
    /** Real time (performance.now()) the first invoice of each opportunity was seen. */
    firstSeen: Map<string, number>;
    /** Invoices per opportunity. */
    counts: Map<string, number>;
    total(): number;
    stop(): void;
};

function opportunityOf(data: OrgData, invoice: Invoice): string {
    const field = data.customFields.find(
        (d) => d.entity === 'invoice' && d.api_name === SALESFORCE_ID_FIELD
    );
    const value = invoice.custom_fields.find((v) => v.customfield_id === field?.customfield_id);
    // The field holds `<Salesforce org id>:<opportunity id>` (zoho/unique-key.ts).
    return typeof value?.value === 'string'
        ? (value.value.split(':').pop() ?? value.value)
        : invoice.reference_number;
}

export function watchInvoices(zoho: ZohoSandbox, orgId: string, everyMs = 10): InvoiceWatch {
    const data = zoho.state.orgs.get(orgId);
    if (!data) throw new RangeError(`unknown Zoho organization ${orgId}`);
    const seen = new Set<string>();
    const firstSeen = new Map<string, number>();
    const counts = new Map<string, number>();
    const scan = () => {
        const now = performance.now();
        for (const invoice of data.invoices.values()) {
            if (seen.has(invoice.id)) continue;
            seen.add(invoice.id);
            const opportunity = opportunityOf(data, invoice);
            counts.set(opportunity, (counts.get(opportunity) ?? 0) + 1);
            if (!firstSeen.has(opportunity)) firstSeen.set(opportunity, now);
        }
    };
    const timer = setInterval(scan, everyMs);
    return {
        firstSeen,
        counts,
        total: () => {
            scan();
            return seen.size;
        },
        stop: () => {
            clearInterval(timer);
            scan();
        }
    };
}

/** Peaks of the process's resident set and of its heap in use, sampled every `everyMs`. */
export function sampleRss(everyMs = 100): { peak(): number; peakHeap(): number; stop(): void } {
    let peak = 0;
    let peakHeap = 0;
    const sample = () => {
        const usage = process.memoryUsage();
        peak = Math.max(peak, usage.rss);
        peakHeap = Math.max(peakHeap, usage.heapUsed);
    };
    sample();
    const timer = setInterval(sample, everyMs);
    return {
        peak: () => {
            sample();
            return peak;
        },
        peakHeap: () => {
            sample();
            return peakHeap;
        },
        stop: () => clearInterval(timer)
    };
}
