import { parseArgs } from 'node:util';

import { createAdminClient } from './admin-client.ts';
import { COMMANDS, LOCAL_COMMANDS, type LocalCommand } from './commands/index.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { createOutput, type CliIo } from './output.ts';

export type CliDeps = {
    /** CLOSEBOOKS_URL and CLOSEBOOKS_ADMIN_KEY. */
    env: { url?: string | undefined; key?: string | undefined };
    fetch: typeof fetch;
    io: CliIo;
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    /** Runs a local command (keys, rotate-key) with these arguments; @returns its exit code. */
    runLocal: (command: LocalCommand, args: readonly string[]) => Promise<number>;
};

const GLOBAL = {
    json: { type: 'boolean' },
    url: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
} as const;

export const DEFAULT_URL = 'http://127.0.0.1:3000';

function help(): string[] {
    return [
        'usage: npx closebooks <command> [--json] [--url <companion>]',
        '',
        ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
        '  keys create --name <name> --scopes <scope,…> | list | revoke <id>   (on the database)',
        '  rotate-key                           re-seal every secret under a new master key (on the database)',
        '',
        `The companion: --url or CLOSEBOOKS_URL (default ${DEFAULT_URL}); its admin key: CLOSEBOOKS_ADMIN_KEY.`,
        '--json: one JSON document on stdout (errors too: {"error": {"code", "message"}}).',
        'Exit codes: 0 done, 1 failed, 2 usage error, 3 not found, 4 key refused, 5 conflict (nothing to do).'
    ];
}

/** `npx closebooks …`: one command, its exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
    const [name, ...rest] = argv;
    const json = argv.includes('--json');
    const output = createOutput(deps.io, json);
    const fail = (error: CliError) => {
        if (json)
            deps.io.out(
                `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`
            );
        else deps.io.err(`closebooks: ${error.message}\n`);
        return error.exitCode;
    };
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        for (const line of help()) deps.io.err(`${line}\n`);
        return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name in LOCAL_COMMANDS) return deps.runLocal(name as LocalCommand, rest);
    const command = COMMANDS[name];
    if (!command)
        return fail(
            new CliError('usage', `no command ${name}; see npx closebooks --help`, EXIT.usage)
        );
    let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
    try {
        parsed = parseArgs({
            args: [...rest],
            options: { ...GLOBAL, ...command.options },
            allowPositionals: true,
            strict: true
        }) as typeof parsed;
    } catch (error) {
        return fail(
            new CliError(
                'usage',
                `${(error as Error).message}\nusage: npx closebooks ${command.usage}`,
                EXIT.usage
            )
        );
    }
    if (parsed.values.help === true) {
        deps.io.err(`usage: npx closebooks ${command.usage}\n`);
        return EXIT.ok;
    }
    const flagUrl = parsed.values.url;
    const url = typeof flagUrl === 'string' ? flagUrl : (deps.env.url ?? DEFAULT_URL);
    try {
        return await command.run({
            client: createAdminClient({ url, key: deps.env.key, fetch: deps.fetch }),
            output,
            args: parsed.positionals,
            flags: parsed.values,
            now: deps.now,
            sleep: deps.sleep
        });
    } catch (error) {
        if (error instanceof CliError) return fail(error);
        return fail(
            new CliError(
                'failed',
                error instanceof Error ? error.message : String(error),
                EXIT.failed
            )
        );
    }
}
