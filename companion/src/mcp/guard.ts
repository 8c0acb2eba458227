import { randomUUID } from 'node:crypto';

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ApiScope } from '../store/api-keys.ts';
import { getConnection } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { digestRequest, recordWrite } from '../store/journal.ts';
import type { CallLimiter } from './rate-limit.ts';

/** Who is calling: the API key, its scopes, and the correlation id of the request. */
export type McpCaller = { keyId: string; scopes: readonly ApiScope[]; correlationId: string };

export type GuardDeps = { db: Db; log: Logger; limiter: CallLimiter };

/** What a tool body answers: its data, and whether it only said what it would do. */
export type ToolAnswer = { data: Record<string, unknown>; dryRun?: boolean; subject?: string };

export type GuardedCall = {
    tool: string;
    target: 'zoho' | 'salesforce';
    /** The scope this call needs (a write tool needs `mcp:write` only when confirmed). */
    scope: ApiScope;
    connectionId: string;
    args: unknown;
    run: (callId: string) => Promise<ToolAnswer>;
};

function answer(data: Record<string, unknown>, isError = false): CallToolResult {
    return {
        content: [{ type: 'text', text: JSON.stringify(data) }],
        structuredContent: data,
        ...(isError ? { isError: true } : {})
    };
}

function refusal(code: string, message: string) {
    return { error: { code, message } };
}

/**
 * Runs one tool call under the rules every MCP call follows: the key's rate limit, then its
 * scope, then the tool; the outcome (refusals included) is journalled as `mcp.<tool>` with the
 * key as actor. Errors come back as MCP tool errors with a code, never as thrown exceptions.
 */
export async function guardedCall(
    deps: GuardDeps,
    caller: McpCaller,
    call: GuardedCall
): Promise<CallToolResult> {
    const callId = randomUUID();
    const known = await getConnection(deps.db, call.connectionId);
    const journal = (outcome: 'ok' | 'error', detail: Record<string, unknown>, subject?: string) =>
        recordWrite(deps.db, {
            connectionId: known ? call.connectionId : null,
            correlationId: caller.correlationId,
            actor: `key:${caller.keyId}`,
            target: call.target,
            operation: `mcp.${call.tool}`,
            subject: subject ?? null,
            requestDigest: digestRequest(call.args),
            outcome,
            detail: { callId, ...detail }
        });
    const refuse = async (code: string, message: string) => {
        await journal('error', { refused: code });
        return answer(refusal(code, message), true);
    };

    const taken = deps.limiter.take(caller.keyId);
    if (!taken.allowed)
        return refuse(
            'rate_limited',
            `this API key has used its MCP calls for now; retry in ${Math.ceil(taken.retryAfterMs / 1000)} s`
        );
    if (!caller.scopes.includes(call.scope))
        return refuse('forbidden', `this API key lacks the ${call.scope} scope`);
    if (!known) return refuse('not_found', `no connection ${call.connectionId}`);
    try {
        const result = await call.run(callId);
        await journal('ok', { dryRun: result.dryRun ?? false }, result.subject);
        return answer(
            result.dryRun === undefined ? result.data : { dryRun: result.dryRun, ...result.data }
        );
    } catch (error) {
        const code = error instanceof AppError ? error.code : 'internal';
        const message = error instanceof AppError ? error.message : 'the tool failed';
        deps.log.warn({ err: error, tool: call.tool, callId }, 'mcp tool failed');
        await journal('error', { code });
        return answer(refusal(code, message), true);
    }
}
