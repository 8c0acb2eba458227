import { z } from 'zod';

import { connectionOption, type Command, type CommandContext } from '../command.ts';
import { CliError, EXIT, usageError } from '../exit-codes.ts';
import { table } from '../output.ts';

const jobSchema = z.object({
    id: z.string(),
    kind: z.string(),
    connectionId: z.string().nullable(),
    state: z.string(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    correlationId: z.string().nullable()
});
type Job = z.infer<typeof jobSchema>;

const deadLetters = (ctx: CommandContext) => {
    const query = new URLSearchParams({ state: 'dead', limit: '500' });
    if (typeof ctx.flags.connection === 'string') query.set('connectionId', ctx.flags.connection);
    return ctx.client.get(`/jobs?${query}`, z.object({ jobs: z.array(jobSchema) }));
};

const retry = (ctx: CommandContext, id: string) =>
    ctx.client.send('POST', `/jobs/${encodeURIComponent(id)}/retry`, z.object({ job: jobSchema }));

async function retryAll(ctx: CommandContext): Promise<number> {
    const { jobs } = await deadLetters(ctx);
    const progress = ctx.output.progress(jobs.length, 'retrying');
    const retried: Job[] = [];
    const failed: { id: string; code: string; message: string }[] = [];
    for (const job of jobs) {
        try {
            retried.push((await retry(ctx, job.id)).job);
        } catch (error) {
            if (!(error instanceof CliError) || error.exitCode === EXIT.refused) throw error;
            failed.push({ id: job.id, code: error.code, message: error.message });
        }
        progress.tick(job.id);
    }
    progress.done();
    ctx.output.result({ retried, failed }, () => [
        `retried ${retried.length} dead letters${retried.length ? `: ${retried.map((j) => j.id).join(', ')}` : ''}`,
        ...failed.map((f) => `not retried ${f.id}: ${f.message}`)
    ]);
    return failed.length ? EXIT.failed : EXIT.ok;
}

/** `closebooks dlq list | retry <id> | retry --all`: the dead letters. */
export const dlqCommand: Command = {
    usage: 'dlq list | retry <job-id> | retry --all  [--connection <id>]   dead letters',
    options: { all: { type: 'boolean' }, ...connectionOption },
    async run(ctx) {
        const [action, id] = ctx.args;
        if (action === 'list') {
            const { jobs } = await deadLetters(ctx);
            ctx.output.result({ jobs }, () =>
                jobs.length === 0
                    ? ['no dead letters']
                    : table([
                          ['job', 'kind', 'connection', 'attempts', 'correlation', 'last error'],
                          ...jobs.map((j) => [
                              j.id,
                              j.kind,
                              j.connectionId ?? '-',
                              String(j.attempts),
                              j.correlationId ?? '-',
                              (j.lastError ?? '').slice(0, 80)
                          ])
                      ])
            );
            return EXIT.ok;
        }
        if (action !== 'retry') throw usageError('dlq list | retry <job-id> | retry --all');
        if (ctx.flags.all === true) return retryAll(ctx);
        if (!id) throw usageError('dlq retry needs a job id, or --all');
        const { job } = await retry(ctx, id);
        ctx.output.result({ job }, () => [`job ${job.id} (${job.kind}) is ${job.state} again`]);
        return EXIT.ok;
    }
};
