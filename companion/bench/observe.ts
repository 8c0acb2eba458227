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

/** `gc` when node runs with `--expose-gc`. */
const exposedGc = (): (() => void) | undefined => {
    const gc: unknown = Reflect.get(globalThis, 'gc');
    return typeof gc === 'function' ? () => void Reflect.apply(gc, globalThis, []) : undefined;
};

/** The heap still in use after a full collection, or undefined without `--expose-gc`. */
export function retainedHeap(): number | undefined {
    const gc = exposedGc();
    if (!gc) return undefined;
    gc();
    return process.memoryUsage().heapUsed;
}

export type MemorySampler = {
    peak(): number;
    peakHeap(): number;
    /** Peak heap left after a full collection (every `retainedEveryMs`); undefined if not sampled. */
    peakRetained(): number | undefined;
    /**
     * How far the heap grew above where it stood when sampling began: retained heap against
     * retained heap when sampled, else heap in use (garbage included) against heap in use.
     */
    heapGrowth(): number;
    stop(): void;
};

/**
 * Peaks of the process's resident set and of its heap in use, sampled every `everyMs`; with
 * `retainedEveryMs` and `--expose-gc`, also the heap left after a full collection, which is
 * what the run holds rather than garbage not yet collected.
 */
export function sampleRss(everyMs = 100, retainedEveryMs?: number): MemorySampler {
    let peak = 0;
    let peakHeap = 0;
    let peakRetained: number | undefined;
    const sample = () => {
        const usage = process.memoryUsage();
        peak = Math.max(peak, usage.rss);
        peakHeap = Math.max(peakHeap, usage.heapUsed);
    };
    const sampleRetained = () => {
        const held = retainedHeap();
        if (held !== undefined) peakRetained = Math.max(peakRetained ?? 0, held);
    };
    sample();
    const timers = [setInterval(sample, everyMs)];
    const retained = retainedEveryMs !== undefined && exposedGc() !== undefined;
    if (retained) {
        sampleRetained();
        timers.push(setInterval(sampleRetained, retainedEveryMs));
    }
    const start = retained ? (peakRetained ?? 0) : peakHeap;
    return {
        peak: () => {
            sample();
            return peak;
        },
        peakHeap: () => {
            sample();
            return peakHeap;
        },
        peakRetained: () => peakRetained,
        heapGrowth: () => {
            sample();
            return Math.max(0, (retained ? (peakRetained ?? 0) : peakHeap) - start);
        },
        stop: () => {
            for (const timer of timers) clearInterval(timer);
        }
    };
}
