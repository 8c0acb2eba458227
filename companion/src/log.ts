import { pino, type Logger, type DestinationStream } from 'pino';

import type { LogLevel } from './config.ts';

/**
 * Paths whose values never reach a log line. Tokens, secrets and authorization headers are
 * replaced wherever they sit in a logged object, at any of the depths we log them.
 */
export const REDACT_PATHS = [
    '*.authorization',
    '*.Authorization',
    '*.headers.authorization',
    '*.headers["x-closebooks-secret"]',
    '*.access_token',
    '*.refresh_token',
    '*.accessToken',
    '*.refreshToken',
    '*.client_secret',
    '*.clientSecret',
    '*.secret',
    '*.password',
    'access_token',
    'refresh_token',
    'accessToken',
    'refreshToken',
    'secret',
    'password'
];

export type { Logger };

/** The root logger: JSON lines on stdout (or the given stream), secrets redacted. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
    const options = {
        level,
        base: { service: 'closebooks-companion' },
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        timestamp: pino.stdTimeFunctions.isoTime
    };
    return destination ? pino(options, destination) : pino(options);
}
