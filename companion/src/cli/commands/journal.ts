import { z } from 'zod';

import type { Command } from '../command.ts';
import { table } from '../output.ts';

const entrySchema = z.object({
    id: z.string(),
    at: z.string(),
    connectionId: z.string().nullable(),
    correlationId: z.string().nullable(),
    actor: z.string(),
    target: z.string(),
    operation: z.string(),
    subject: z.string().nullable(),
    outcome: z.string()
});

/** Flag → query parameter of `GET /v1/admin/journal`. */
const FILTERS = {
    connection: 'connectionId',
    'correlation-id': 'correlationId',
    actor: 'actor',
    target: 'target',
    operation: 'operation',
    outcome: 'outcome',
    subject: 'subject',
    since: 'since',
    before: 'before',
    limit: 'limit'
} as const;

/** `closebooks journal [filters]`: the writes to Zoho and Salesforce, newest first. */
export const journalCommand: Command = {
    usage: 'journal [--correlation-id <id>] [--operation <op|prefix.>] [--outcome ok|error|unknown] [--since <ISO time>] [--limit n] [--before <id>] …',
    options: Object.fromEntries(Object.keys(FILTERS).map((flag) => [flag, { type: 'string' }])),
    async run(ctx) {
        const query = new URLSearchParams();
        for (const [flag, param] of Object.entries(FILTERS)) {
            const value = ctx.flags[flag];
            if (typeof value === 'string') query.set(param, value);
        }
        const page = await ctx.client.get(
            `/journal?${query}`,
            z.object({ entries: z.array(entrySchema), nextBefore: z.string().nullable() })
        );
        ctx.output.result(page, () => [
            ...table([
                ['id', 'at', 'outcome', 'operation', 'subject', 'actor', 'correlation'],
                ...page.entries.map((e) => [
                    e.id,
                    e.at,
                    e.outcome,
                    e.operation,
                    e.subject ?? '-',
                    e.actor,
                    e.correlationId ?? '-'
                ])
            ]),
            ...(page.nextBefore ? [`more: --before ${page.nextBefore}`] : [])
        ]);
        return 0;
    }
};
