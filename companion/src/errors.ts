/**
 * The base of every error the companion raises on purpose. `code` is stable and snake_case so
 * callers, logs and HTTP answers can branch on it; `retryable` tells the worker whether trying
 * again can help.
 */
export class AppError extends Error {
    readonly code: string;
    readonly retryable: boolean;

    constructor(
        code: string,
        message: string,
        options: { cause?: unknown; retryable?: boolean } = {}
    ) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = new.target.name;
        this.code = code;
        this.retryable = options.retryable ?? false;
    }
}

/** A setting in the environment is missing or malformed; `variable` names it. */
export class ConfigError extends AppError {
    readonly variable: string;

    constructor(variable: string, message: string, options: { cause?: unknown } = {}) {
        super('config_invalid', `${variable}: ${message}`, options);
        this.variable = variable;
    }
}

/** The database cannot be opened, reached or migrated. */
export class StoreError extends AppError {
    constructor(
        code: string,
        message: string,
        options: { cause?: unknown; retryable?: boolean } = {}
    ) {
        super(code, message, options);
    }
}

/**
 * Work that cannot go on for `waitMs` (until `retryAtMs` on the clock of whoever said so),
 * through no fault of its own: a job raising it is put back to run after that wait, measured
 * on the queue's own clock, without counting an attempt (see jobs/worker.ts). The wait, not
 * the instant, crosses over: the limiter's clock and the database's need not agree.
 */
export class DeferredError extends AppError {
    readonly retryAtMs: number;
    readonly waitMs: number;

    constructor(code: string, message: string, timing: { retryAtMs: number; waitMs: number }) {
        super(code, message, { retryable: true });
        this.retryAtMs = timing.retryAtMs;
        this.waitMs = Math.max(0, timing.waitMs);
    }
}
