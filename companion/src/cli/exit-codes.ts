/**
 * `npx closebooks` exit codes, for scripts: 0 done; 1 failed (the companion could not be
 * reached, answered an error, or a wait timed out); 2 usage error; 3 not found; 4 the admin key
 * was refused (missing, unknown, or without the scope); 5 conflict (nothing to do in this
 * state: a job that is not dead, a write that succeeded).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3, refused: 4, conflict: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure a command reports with its exit code; `code` is stable for `--json` readers. */
export class CliError extends Error {
    readonly code: string;
    readonly exitCode: ExitCode;

    constructor(code: string, message: string, exitCode: ExitCode) {
        super(message);
        this.name = 'CliError';
        this.code = code;
        this.exitCode = exitCode;
    }
}

export const usageError = (message: string) => new CliError('usage', message, EXIT.usage);

/** The exit code for an HTTP status the admin API answered. */
export function exitForStatus(status: number): ExitCode {
    if (status === 401 || status === 403) return EXIT.refused;
    if (status === 404) return EXIT.notFound;
    if (status === 409) return EXIT.conflict;
    if (status === 400) return EXIT.usage;
    return EXIT.failed;
}
