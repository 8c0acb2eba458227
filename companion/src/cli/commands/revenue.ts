import { z } from 'zod';

import { connectionOf, connectionOption, poll, type Command } from '../command.ts';
import { CliError, EXIT, usageError } from '../exit-codes.ts';

const jobSchema = z.object({
    id: z.string(),
    kind: z.string(),
    state: z.string(),
    lastError: z.string().nullable()
});
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months from `from` through `through` (both YYYY-MM), counted inclusively. */
export function monthsBetween(from: string, through: string): number {
    const index = (month: string) => {
        const [, year, m] = MONTH.exec(month) ?? [];
        return Number(year) * 12 + Number(m) - 1;
    };
    return index(through) - index(from) + 1;
}

/**
 * `closebooks revenue backfill --from YYYY-MM [--through YYYY-MM] [--wait]`: queues the revenue
 * summaries of those months (at most 60) as one job; `--wait` follows it until it ends.
 */
export const revenueCommand: Command = {
    usage: 'revenue backfill --from YYYY-MM [--through YYYY-MM] [--wait] [--connection <id>]',
    options: {
        from: { type: 'string' },
        through: { type: 'string' },
        wait: { type: 'boolean' },
        ...connectionOption
    },
    async run(ctx) {
        const [action] = ctx.args;
        const from = ctx.flags.from;
        if (action !== 'backfill' || typeof from !== 'string' || !MONTH.test(from))
            throw usageError('revenue backfill --from YYYY-MM [--through YYYY-MM]');
        const through =
            typeof ctx.flags.through === 'string'
                ? ctx.flags.through
                : new Date(ctx.now()).toISOString().slice(0, 7);
        if (!MONTH.test(through)) throw usageError('--through is a month as YYYY-MM');
        const months = monthsBetween(from, through);
        if (months < 1 || months > 60)
            throw usageError('--from must be 1 to 60 months up to --through');
        const connection = encodeURIComponent(await connectionOf(ctx));
        const { job } = await ctx.client.send(
            'POST',
            `/connections/${connection}/revenue-summary`,
            z.object({ job: jobSchema }),
            { months, through }
        );
        if (ctx.flags.wait !== true) {
            ctx.output.result({ job, months, through }, () => [
                `queued job ${job.id}: revenue summaries of ${months} months through ${through}`
            ]);
            return EXIT.ok;
        }
        const progress = ctx.output.progress(0, `job ${job.id}`);
        const ended = await poll(
            ctx,
            async () => {
                const { jobs } = await ctx.client.get(
                    `/jobs?connectionId=${connection}&limit=500`,
                    z.object({ jobs: z.array(jobSchema) })
                );
                const now = jobs.find((j) => j.id === job.id);
                progress.tick(now?.state ?? '');
                return now && (now.state === 'done' || now.state === 'dead') ? now : undefined;
            },
            { everyMs: 1_000, timeoutMs: 30 * 60_000 }
        );
        progress.done();
        if (!ended)
            throw new CliError(
                'timeout',
                `job ${job.id} did not end within 30 minutes`,
                EXIT.failed
            );
        ctx.output.result({ job: ended, months, through }, () => [
            `job ${ended.id}: ${ended.state}${ended.lastError ? ` (${ended.lastError})` : ''}; the figures are in the journal (revenue.summarize)`
        ]);
        return ended.state === 'done' ? EXIT.ok : EXIT.failed;
    }
};
