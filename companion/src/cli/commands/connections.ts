import { z } from 'zod';

import type { Command } from '../command.ts';
import { usageError } from '../exit-codes.ts';
import { table } from '../output.ts';

const connectionSchema = z.object({
    id: z.string(),
    name: z.string(),
    salesforceOrgId: z.string(),
    status: z.string()
});
const tallySchema = z.object({ revoked: z.number(), alreadyInvalid: z.number() });
const USAGE = 'connections list | disable <id> | enable <id> | delete <id> [--force]';

/**
 * `closebooks connections …`: the connection lifecycle over the admin API (`npm run connections`
 * does the same on the database directly, with the companion stopped).
 */
export const connectionsCommand: Command = {
    usage: `${USAGE}`,
    options: { force: { type: 'boolean' } },
    async run(ctx) {
        const [action, raw] = ctx.args;
        if (action === 'list') {
            const { connections } = await ctx.client.get(
                '/connections',
                z.object({ connections: z.array(connectionSchema) })
            );
            ctx.output.result({ connections }, () =>
                table([
                    ['connection', 'status', 'salesforce org', 'name'],
                    ...connections.map((c) => [c.id, c.status, c.salesforceOrgId, c.name])
                ])
            );
            return 0;
        }
        if (!raw || !['disable', 'enable', 'delete'].includes(action ?? ''))
            throw usageError(USAGE);
        const id = encodeURIComponent(raw);
        if (action === 'delete') {
            const force = ctx.flags.force === true ? '?force=true' : '';
            const outcome = await ctx.client.send(
                'DELETE',
                `/connections/${id}${force}`,
                z.object({
                    deleted: z.literal(true),
                    zoho: tallySchema,
                    salesforce: tallySchema,
                    failures: z.array(z.string())
                })
            );
            ctx.output.result(outcome, () => [
                `deleted ${raw}: Zoho tokens revoked ${outcome.zoho.revoked} (already invalid ${outcome.zoho.alreadyInvalid}), ` +
                    `Salesforce tokens revoked ${outcome.salesforce.revoked} (already invalid ${outcome.salesforce.alreadyInvalid})`,
                ...outcome.failures.map((f) => `not revoked: ${f}`)
            ]);
            return 0;
        }
        const { connection } = await ctx.client.send(
            'POST',
            `/connections/${id}/${action}`,
            z.object({ connection: z.object({ id: z.string(), status: z.string() }) })
        );
        ctx.output.result({ connection }, () => [`${connection.id}  ${connection.status}`]);
        return 0;
    }
};
