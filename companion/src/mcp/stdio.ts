import { randomUUID } from 'node:crypto';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

import { AppError } from '../errors.ts';
import { verifyApiKey } from '../store/api-keys.ts';
import { createMcpServer, type McpDeps } from './server.ts';

/** The stdio entry's key is missing, unknown, revoked, or has no MCP scope. */
export class McpKeyRefusedError extends AppError {
    constructor(message: string) {
        super('unauthorized', message, { retryable: false });
    }
}

/**
 * Serves the MCP tools on one transport (stdio in `npm run mcp`) for one API key, checked
 * against the store as `/mcp` checks it; the tools then apply the same scopes, limit and audit.
 */
export async function serveMcp(
    deps: McpDeps,
    token: string,
    transport: Transport
): Promise<McpServer> {
    const key = await verifyApiKey(deps.db, token);
    if (!key) throw new McpKeyRefusedError('the API key is missing, unknown or revoked');
    if (!key.scopes.some((scope) => scope === 'mcp:read' || scope === 'mcp:write'))
        throw new McpKeyRefusedError('the API key lacks the mcp:read or mcp:write scope');
    const server = createMcpServer(deps, {
        keyId: key.id,
        scopes: key.scopes,
        correlationId: `mcp-stdio-${randomUUID()}`
    });
    await server.connect(transport);
    return server;
}
