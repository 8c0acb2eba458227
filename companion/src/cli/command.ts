import type { ParseArgsConfig } from 'node:util';

import { z } from 'zod';

import type { AdminClient } from './admin-client.ts';
import { usageError } from './exit-codes.ts';
import type { Output } from './output.ts';

export type CommandContext = {
    client: AdminClient;
    output: Output;
    /** The words after the command's name. */
    args: readonly string[];
    flags: Record<string, string | boolean | undefined>;
    /** Injected so tests never depend on today's date or wait in real time. */
    now: () => number;
    sleep: (ms: number) => Promise<void>;
};

export type Command = {
    /** The command's line in `closebooks --help`. */
    usage: string;
    options?: NonNullable<ParseArgsConfig['options']>;
    run(ctx: CommandContext): Promise<number>;
};

const connectionsSchema = z.object({
    connections: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() }))
});

/** `--connection <id>`, or the only connection there is. */
export async function connectionOf(ctx: CommandContext): Promise<string> {
    const named = ctx.flags.connection;
    if (typeof named === 'string') return named;
    const { connections } = await ctx.client.get('/connections', connectionsSchema);
    const [only] = connections;
    if (connections.length !== 1 || !only)
        throw usageError(
            connections.length === 0
                ? 'there is no connection yet'
                : `name one of ${connections.length} connections with --connection <id>`
        );
    return only.id;
}

export const connectionOption = { connection: { type: 'string' } } as const;

/** Polls `check` every `everyMs` until it returns a value or `timeoutMs` pass (on `now`). */
export async function poll<T>(
    ctx: CommandContext,
    check: () => Promise<T | undefined>,
    options: { everyMs: number; timeoutMs: number }
): Promise<T | undefined> {
    const deadline = ctx.now() + options.timeoutMs;
    for (;;) {
        const found = await check();
        if (found !== undefined) return found;
        if (ctx.now() >= deadline) return undefined;
        await ctx.sleep(options.everyMs);
    }
}
