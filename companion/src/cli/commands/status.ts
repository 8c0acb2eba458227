import { z } from 'zod';

import type { Command } from '../command.ts';
import { table } from '../output.ts';

const statusSchema = z.object({
    jobs: z.object({
        queued: z.number(),
        running: z.number(),
        retrying: z.number(),
        done: z.number(),
        dead: z.number()
    }),
    connections: z.array(
        z.object({
            id: z.string(),
            name: z.string(),
            status: z.string(),
            queue: z.object({ waiting: z.number(), dead: z.number() }),
            zoho: z.array(
                z.object({
                    organizationId: z.string(),
                    lastMinute: z.number(),
                    perMinute: z.number(),
                    lastDay: z.number(),
                    perDay: z.number()
                })
            ),
            salesforce: z.object({ used: z.number(), max: z.number() }).nullable()
        })
    )
});

/** `closebooks status`: connections, queues, dead letters and API budgets. */
export const statusCommand: Command = {
    usage: 'status                               connections, queues, dead letters, API budgets',
    async run(ctx) {
        const status = await ctx.client.get('/status', statusSchema);
        ctx.output.result(status, () => {
            const { jobs } = status;
            const lines = [
                `jobs: ${jobs.queued} queued, ${jobs.running} running, ${jobs.retrying} retrying, ${jobs.dead} dead, ${jobs.done} done`,
                ''
            ];
            const rows = [
                [
                    'connection',
                    'name',
                    'status',
                    'waiting',
                    'dead',
                    'zoho calls (day, minute)',
                    'salesforce calls'
                ]
            ];
            for (const c of status.connections) {
                const zoho = c.zoho.map(
                    (o) =>
                        `${o.organizationId}: ${o.lastDay}/${o.perDay}, ${o.lastMinute}/${o.perMinute}`
                );
                const salesforce = c.salesforce ? `${c.salesforce.used}/${c.salesforce.max}` : '-';
                rows.push([
                    c.id,
                    c.name,
                    c.status,
                    String(c.queue.waiting),
                    String(c.queue.dead),
                    zoho[0] ?? '-',
                    salesforce
                ]);
                for (const more of zoho.slice(1)) rows.push(['', '', '', '', '', more, '']);
            }
            return [...lines, ...table(rows)];
        });
        return 0;
    }
};
