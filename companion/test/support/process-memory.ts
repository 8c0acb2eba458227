import { z } from 'zod';

import { sampleRss, type MemorySampler } from '../../bench/observe.ts';

/**
 * The memory a companion process (`invoice-process.ts`) reports of itself over its IPC channel,
 * for the benchmark's `rss` scenario, which judges the companion's process alone. The parent
 * sends `mark` when its measurement starts (the held heap is measured from there, sampled every
 * `retainedEveryMs` after a full collection: the child needs `--expose-gc`) and `read` whenever
 * it wants the figures; each is answered with one `memory` message.
 */

export const memoryRequestSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('mark'), retainedEveryMs: z.number().int().positive() }),
    z.object({ type: z.literal('read') })
]);
export type MemoryRequest = z.infer<typeof memoryRequestSchema>;

export const memoryReportSchema = z.object({
    type: z.literal('memory'),
    /** The process's resident set high-water mark over its whole life (kernel `maxrss`). */
    peakRssBytes: z.number().nonnegative(),
    /** Its resident set now. */
    rssBytes: z.number().nonnegative(),
    /** Held heap (after a full collection) at its peak since `mark`, above where it stood then. */
    heapGrowthBytes: z.number().nonnegative(),
    /** Whether the held heap was read after full collections (false without `--expose-gc`). */
    heldHeap: z.boolean()
});
export type MemoryReport = z.infer<typeof memoryReportSchema>;

/** The figures of this process (`sampler` from the last `mark`, if any). */
export function memoryReport(sampler: MemorySampler | undefined): MemoryReport {
    const rssBytes = process.memoryUsage().rss;
    // maxRSS is in kilobytes (getrusage's ru_maxrss).
    const peakRssBytes = Math.max(process.resourceUsage().maxRSS * 1024, sampler?.peak() ?? 0);
    return {
        type: 'memory',
        peakRssBytes,
        rssBytes,
        heapGrowthBytes: sampler?.heapGrowth() ?? 0,
        heldHeap: sampler?.peakRetained() !== undefined
    };
}

/** In the child: answers the parent's memory requests while the IPC channel is open. */
export function answerMemoryRequests(): void {
    const send = process.send?.bind(process);
    if (!send) return;
    let sampler: MemorySampler | undefined;
    process.on('message', (message: unknown) => {
        const request = memoryRequestSchema.safeParse(message);
        if (!request.success) return;
        if (request.data.type === 'mark') {
            sampler?.stop();
            sampler = sampleRss(100, request.data.retainedEveryMs);
        }
        send(memoryReport(sampler));
    });
}
