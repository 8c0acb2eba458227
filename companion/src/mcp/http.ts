import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';

import type { AuthEnv } from '../http/auth.ts';
import { requireAnyScope } from '../http/auth.ts';
import type { Db } from '../store/db.ts';
import { errorBody } from '../http/errors.ts';
import { createMcpServer, type McpDeps } from './server.ts';

/**
 * `/mcp`: the MCP tools over streamable HTTP, stateless (a fresh server per request, JSON
 * answers). A key needs `mcp:read` or `mcp:write` to reach it; each tool checks its own scope.
 * Only POST carries messages: a stateless server has nothing to push, so a GET (the optional
 * event stream) or a DELETE (ending a session) answers 405, as the transport's specification
 * allows, instead of holding a stream open that nothing will ever write to.
 */
export function mcpRoutes(deps: { db: Db; mcp?: McpDeps | undefined }) {
    return new Hono<AuthEnv>()
        .use(requireAnyScope(deps.db, ['mcp:read', 'mcp:write']))
        .post('/', async (c) => {
            if (!deps.mcp)
                return c.json(errorBody('unavailable', 'the MCP tools are not running'), 503);
            const key = c.get('apiKey');
            const server = createMcpServer(deps.mcp, {
                keyId: key.id,
                scopes: key.scopes,
                correlationId: c.get('correlationId')
            });
            const transport = new WebStandardStreamableHTTPServerTransport({
                enableJsonResponse: true
            });
            await server.connect(transport);
            return transport.handleRequest(c.req.raw);
        })
        .all('/', (c) =>
            c.json(
                errorBody(
                    'method_not_allowed',
                    'the MCP endpoint is stateless: POST JSON-RPC messages; it offers no event stream and no session to end'
                ),
                405,
                { Allow: 'POST' }
            )
        );
}
