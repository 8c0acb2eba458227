import path from 'node:path';

import { z } from 'zod';

import { ConfigError } from './errors.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const portSchema = z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number between 0 and 65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a whole number between 0 and 65535');

const databaseUrlSchema = z.string().refine((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return url !== undefined && ['postgres:', 'postgresql:'].includes(url.protocol);
}, 'must be a PostgreSQL URL such as postgres://user@host:5432/db');

/** Every environment variable the companion reads. Documented in README.md, keep both in step. */
const envSchema = z.object({
    PORT: portSchema.default(3000),
    HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    DATABASE_URL: databaseUrlSchema.optional(),
    CLOSEBOOKS_DATA_DIR: z.string().min(1, 'must not be empty').default('.closebooks'),
    LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
    CLOSEBOOKS_SHUTDOWN_TIMEOUT_MS: z
        .string()
        .regex(/^\d+$/, 'must be a whole number of milliseconds')
        .transform(Number)
        .default(10_000)
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export type StoreConfig =
    | { readonly kind: 'pglite'; readonly dataDir: string }
    | { readonly kind: 'postgres'; readonly url: string };

export type Config = {
    readonly port: number;
    readonly host: string;
    readonly store: StoreConfig;
    readonly logLevel: LogLevel;
    readonly shutdownTimeoutMs: number;
};

/**
 * Reads the environment once and returns a frozen, typed config. This is the only place in the
 * companion that touches `process.env`. Empty strings count as unset so that `PORT= npm start`
 * behaves like plain `npm start`.
 *
 * @throws ConfigError naming the first variable that is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
    const present = Object.fromEntries(
        Object.keys(envSchema.shape)
            .map((key) => [key, env[key]] as const)
            .filter(([, value]) => value !== undefined && value !== '')
    );
    const parsed = envSchema.safeParse(present);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const variable = String(issue?.path[0] ?? 'environment');
        const got = present[variable];
        const shown = got === undefined || variable === 'DATABASE_URL' ? '' : ` (got "${got}")`;
        throw new ConfigError(variable, `${issue?.message ?? 'is invalid'}${shown}`);
    }
    const e = parsed.data;
    const store: StoreConfig = e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL }
        : { kind: 'pglite', dataDir: path.resolve(cwd, e.CLOSEBOOKS_DATA_DIR) };
    return Object.freeze({
        port: e.PORT,
        host: e.HOST,
        store,
        logLevel: e.LOG_LEVEL,
        shutdownTimeoutMs: e.CLOSEBOOKS_SHUTDOWN_TIMEOUT_MS
    });
}
