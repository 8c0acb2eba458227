import { z } from 'zod';

import {
    connectionOf,
    connectionOption,
    poll,
    type Command,
    type CommandContext
} from '../command.ts';
import { CliError, EXIT, usageError } from '../exit-codes.ts';

const linkSchema = z.object({ authorizationUrl: z.string(), expiresAt: z.string() });
const connectionSchema = z.object({
    connection: z.object({ id: z.string(), status: z.string() }),
    salesforce: z.object({
        user: z.object({ username: z.string().nullable(), connectedAt: z.string() }).nullable()
    }),
    zohoOrganizations: z.array(
        z.object({
            organizationId: z.string(),
            keyFields: z.object({ checkedAt: z.string() }).nullable()
        })
    )
});
type ConnectionView = z.infer<typeof connectionSchema>;

/**
 * What changes when a consent completes: Zoho's callback joins the organizations and reads their
 * key fields (a new `checkedAt`), Salesforce's records the connected user (a new `connectedAt`).
 */
const mark = (view: ConnectionView, salesforce: boolean) =>
    salesforce
        ? (view.salesforce.user?.connectedAt ?? '')
        : `${view.connection.status}|${view.zohoOrganizations.map((o) => `${o.organizationId}@${o.keyFields?.checkedAt ?? ''}`).join(',')}`;

const DOMAIN = /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.my\.salesforce\.com$/i;

function salesforceDomain(ctx: CommandContext): string {
    const myDomain = ctx.flags['my-domain'];
    if (typeof myDomain === 'string') {
        if (!DOMAIN.test(myDomain))
            throw usageError('--my-domain must be https://<name>.my.salesforce.com');
        return myDomain;
    }
    return ctx.flags['sandbox-domain'] === true ? 'test' : 'login';
}

/**
 * `closebooks connect [--salesforce]`: prints the consent URL (Zoho Books, or Salesforce with
 * PKCE) and waits until the companion's callback has made the connection.
 */
export const connectCommand: Command = {
    usage: 'connect [--region eu] | connect --salesforce [--sandbox-domain | --my-domain <url>]  [--timeout <s>] [--connection <id>]',
    options: {
        salesforce: { type: 'boolean' },
        'sandbox-domain': { type: 'boolean' },
        'my-domain': { type: 'string' },
        region: { type: 'string' },
        timeout: { type: 'string' },
        ...connectionOption
    },
    async run(ctx) {
        const timeoutS = Number(ctx.flags.timeout ?? 600);
        if (!Number.isFinite(timeoutS) || timeoutS <= 0)
            throw usageError('--timeout is seconds (a positive number)');
        const salesforce = ctx.flags.salesforce === true;
        const id = encodeURIComponent(await connectionOf(ctx));
        const read = () => ctx.client.get(`/connections/${id}`, connectionSchema);
        const before = mark(await read(), salesforce);
        const region =
            typeof ctx.flags.region === 'string'
                ? `?region=${encodeURIComponent(ctx.flags.region)}`
                : '';
        const link = salesforce
            ? await ctx.client.send('POST', `/connections/${id}/salesforce/authorize`, linkSchema, {
                  domain: salesforceDomain(ctx)
              })
            : await ctx.client.send(
                  'POST',
                  `/connections/${id}/zoho/authorize${region}`,
                  linkSchema
              );
        ctx.output.note(`open this address and consent (until ${link.expiresAt}):`);
        ctx.output.note(link.authorizationUrl);
        const progress = ctx.output.progress(0, 'waiting for the consent');
        const after = await poll(
            ctx,
            async () => {
                const view = await read();
                progress.tick();
                return mark(view, salesforce) !== before ? view : undefined;
            },
            { everyMs: 2_000, timeoutMs: timeoutS * 1_000 }
        );
        progress.done();
        if (!after) throw new CliError('timeout', `no consent within ${timeoutS} s`, EXIT.failed);
        const doc = {
            connection: after.connection,
            authorizationUrl: link.authorizationUrl,
            ...(salesforce
                ? { salesforceUser: after.salesforce.user }
                : { zohoOrganizations: after.zohoOrganizations.map((o) => o.organizationId) })
        };
        ctx.output.result(doc, () => [
            salesforce
                ? `Salesforce connected as ${after.salesforce.user?.username ?? '?'}`
                : `Zoho Books connected: ${after.zohoOrganizations.map((o) => o.organizationId).join(', ')}; connection ${after.connection.status}`
        ]);
        return EXIT.ok;
    }
};
