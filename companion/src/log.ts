import {
    pino,
    type Bindings,
    type ChildLoggerOptions,
    type DestinationStream,
    type Logger
} from 'pino';

import type { LogLevel } from './config.ts';

/**
 * Names whose values never reach a log line: tokens, secrets and authorization headers are
 * replaced wherever they sit in a logged object or a logger's bindings, down to `DEPTH` levels
 * (the deepest we log them is `{ request: { headers: { authorization } } }`).
 */
const SECRET_NAMES = new Set([
    'authorization',
    'Authorization',
    'x-closebooks-secret',
    'access_token',
    'refresh_token',
    'accessToken',
    'refreshToken',
    'client_secret',
    'clientSecret',
    'secret',
    'password'
]);
const DEPTH = 3;
const CENSOR = '[redacted]';

/**
 * `value` with every member named in `SECRET_NAMES`, down to `depth` levels, replaced by the
 * censor. Copied only along the way to a replaced member, so the caller's object never changes
 * and a line with nothing to hide costs one look at each key. (pino's own `redact` with
 * wildcard paths re-parses every path for every field of every line: ten times the cost of a
 * whole request line.) A copied error keeps its prototype, message and stack.
 */
export function redactSecrets<T>(value: T, depth = DEPTH): T {
    if (depth === 0 || typeof value !== 'object' || value === null) return value;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
        const member = (value as Record<string, unknown>)[key];
        const redacted = SECRET_NAMES.has(key) ? CENSOR : redactSecrets(member, depth - 1);
        if (redacted === member) continue;
        copy ??= (
            Array.isArray(value)
                ? [...(value as unknown[])]
                : Object.create(
                      Object.getPrototypeOf(value) as object | null,
                      Object.getOwnPropertyDescriptors(value)
                  )
        ) as Record<string, unknown>;
        copy[key] = redacted;
    }
    return (copy ?? value) as T;
}

export type { Logger };

/** The root logger: JSON lines on stdout (or the given stream), secrets redacted. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
    const options = {
        level,
        base: { service: 'closebooks-companion' },
        formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
        timestamp: pino.stdTimeFunctions.isoTime
    };
    const root = destination ? pino(options, destination) : pino(options);
    // Bindings are written once, when a child is made or they are set, and pino gives them to no
    // formatter then: the root's own `child` and `setBindings`, which every descendant inherits,
    // redact them first.
    const pinoLogger = Object.getPrototypeOf(root) as {
        child: (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
        setBindings: (this: Logger, bindings: Bindings) => void;
    };
    return Object.assign(root, {
        child(this: Logger, bindings: Bindings, childOptions?: ChildLoggerOptions) {
            return pinoLogger.child.call(this, redactSecrets(bindings), childOptions);
        },
        setBindings(this: Logger, bindings: Bindings) {
            pinoLogger.setBindings.call(this, redactSecrets(bindings));
        }
    });
}
