import { z } from 'zod';

import type { Command } from '../command.ts';
import { usageError } from '../exit-codes.ts';

const jobSchema = z.object({ id: z.string(), kind: z.string(), state: z.string() });

/** `closebooks replay <journal-id>`: runs the job behind a failed write again. */
export const replayCommand: Command = {
    usage: 'replay <journal-id>                  run the job behind a failed write again',
    async run(ctx) {
        const [id] = ctx.args;
        if (!id || !/^\d{1,18}$/.test(id))
            throw usageError('replay needs a journal entry id (a number)');
        const { job } = await ctx.client.send(
            'POST',
            `/journal/${id}/replay`,
            z.object({ job: jobSchema })
        );
        ctx.output.result({ job }, () => [
            `journal entry ${id}: job ${job.id} (${job.kind}) is ${job.state}`
        ]);
        return 0;
    }
};
