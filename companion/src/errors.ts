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
 * Work that cannot go on before `retryAtMs` (epoch ms), through no fault of its own: a job
 * raising it is put back to run then, without counting an attempt (see jobs/worker.ts).
 */
export class DeferredError extends AppError {
    readonly retryAtMs: number;

    constructor(code: string, message: string, retryAtMs: number) {
        super(code, message, { retryable: true });
        this.retryAtMs = retryAtMs;
    }
}
