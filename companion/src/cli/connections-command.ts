import { parseArgs } from 'node:util';

import type { Clock } from '../clock.ts';
import {
    deleteConnection,
    disableConnection,
    enableConnection,
    RevokeFailedError,
    type LifecycleDeps
} from '../lifecycle/connection-lifecycle.ts';
import {
    getConnection,
    listConnections,
    zohoRegions,
    type ZohoRegion
} from '../store/connections.ts';
import { issueOAuthState } from '../store/oauth-states.ts';

export const CONNECTIONS_USAGE =
    'usage: npm run connections -- list | disable <id> | enable <id> | delete <id> [--force] | reauthorize-zoho <id> [--region us|eu|…]';

export type CommandIo = { out: (line: string) => void; err: (line: string) => void };

/**
 * `npm run connections`: the connection lifecycle from a shell, as the admin API does it.
 * Salesforce is re-authorized through `POST /v1/admin/connections/:id/salesforce/authorize`
 * (its PKCE verifier must stay with the serving companion).
 *
 * @returns the exit code.
 */
export async function runConnectionsCommand(
    argv: readonly string[],
    deps: LifecycleDeps & { clock: Clock },
    io: CommandIo
): Promise<number> {
    const { positionals, values } = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: { force: { type: 'boolean' }, region: { type: 'string' } }
    });
    const [command, id] = positionals;
    if (command === 'list') {
        for (const c of await listConnections(deps.db))
            io.out(`${c.id}  ${c.status}  ${c.salesforceOrgId}  ${c.name}`);
        return 0;
    }
    if (!command || !id || !['disable', 'enable', 'delete', 'reauthorize-zoho'].includes(command)) {
        io.err(CONNECTIONS_USAGE);
        return 1;
    }
    const missing = () => {
        io.err(`connections: no connection ${id}`);
        return 1;
    };
    if (command === 'disable' || command === 'enable') {
        const changed = await (command === 'disable' ? disableConnection : enableConnection)(
            deps.db,
            id
        );
        if (!changed) return missing();
        io.out(`${changed.id}  ${changed.status}`);
        return 0;
    }
    if (command === 'reauthorize-zoho') {
        const region = values.region as ZohoRegion | undefined;
        if (region !== undefined && !zohoRegions.includes(region)) {
            io.err(`connections: --region must be one of ${zohoRegions.join(', ')}`);
            return 1;
        }
        if (!(await getConnection(deps.db, id))) return missing();
        if (!deps.zohoOAuth) {
            io.err('connections: ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set');
            return 1;
        }
        const state = await issueOAuthState(deps.db, id, deps.clock.now());
        io.err('open this address within 10 minutes and consent; the old tokens are then revoked:');
        io.out(deps.zohoOAuth.authorizationUrl({ state, region }));
        return 0;
    }
    try {
        const outcome = await deleteConnection(deps, id, { force: values.force === true });
        if (!outcome) return missing();
        io.out(
            `deleted ${id}: Zoho tokens revoked ${outcome.zoho.revoked} (already invalid ${outcome.zoho.alreadyInvalid}), ` +
                `Salesforce tokens revoked ${outcome.salesforce.revoked} (already invalid ${outcome.salesforce.alreadyInvalid})`
        );
        for (const failure of outcome.failures) io.err(`not revoked: ${failure}`);
        return 0;
    } catch (error) {
        if (!(error instanceof RevokeFailedError)) throw error;
        io.err(`connections: ${error.message}`);
        return 1;
    }
}
