import path from 'node:path';

import { z } from 'zod';

import { ConfigError } from './errors.ts';
import { DEFAULT_RETENTION, type RetentionPolicy } from './store/retention.ts';
import { PACKAGE_NAMES } from './salesforce/package-names.generated.ts';
import { parseNamespace } from './salesforce/package-names.ts';

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

function isMasterKey(value: string): boolean {
    const bytes = Buffer.from(value, 'base64');
    return bytes.length === 32 && bytes.toString('base64') === value;
}

/** Every environment variable the companion reads. Documented in README.md, keep both in step. */
/** Days to keep a kind of row: 1 to 3650 (a redelivered event needs its inbox row for a day). */
function retentionDays(fallback: number) {
    return z
        .string()
        .regex(/^\d+$/, 'must be a whole number of days')
        .transform(Number)
        .pipe(
            z.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days')
        )
        .default(fallback);
}

const envSchema = z.object({
    PORT: portSchema.default(3000),
    HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    DATABASE_URL: databaseUrlSchema.optional(),
    CLOSEBOOKS_DATA_DIR: z.string().min(1, 'must not be empty').default('.closebooks'),
    LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
    CLOSEBOOKS_MASTER_KEY: z
        .string()
        .refine(isMasterKey, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
        .optional(),
    CLOSEBOOKS_PREVIOUS_MASTER_KEYS: z
        .string()
        .refine(
            (v) => v.split(',').every((k) => isMasterKey(k.trim())),
            'must be a comma-separated list of base64 master keys'
        )
        .optional(),
    ZOHO_CLIENT_ID: z
        .string()
        .regex(/^[A-Za-z0-9.]{5,100}$/, 'must be the Client ID from the Zoho API console')
        .optional(),
    ZOHO_CLIENT_SECRET: z
        .string()
        .min(10, 'must be the Client Secret from the Zoho API console')
        .optional(),
    SALESFORCE_CLIENT_ID: z
        .string()
        .regex(
            /^[A-Za-z0-9._]{20,256}$/,
            'must be the Consumer Key of the Salesforce connected app'
        )
        .optional(),
    SALESFORCE_CLIENT_SECRET: z
        .string()
        .min(10, 'must be the Consumer Secret of the Salesforce connected app')
        .optional(),
    CLOSEBOOKS_PUBLIC_URL: z
        .string()
        .refine(
            (v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol),
            'must be an http(s) URL'
        )
        .optional(),
    CLOSEBOOKS_SANDBOX: z.enum(['auto', 'on', 'off'], 'must be auto, on or off').default('auto'),
    CLOSEBOOKS_SANDBOX_ZOHO_PORT: portSchema.optional(),
    CLOSEBOOKS_SANDBOX_SALESFORCE_PORT: portSchema.optional(),
    CLOSEBOOKS_SLACK_WEBHOOK_URL: z
        .string()
        .refine(
            (v) => URL.canParse(v) && new URL(v).protocol === 'https:',
            'must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)'
        )
        .optional(),
    CLOSEBOOKS_SMTP_URL: z
        .string()
        .refine(
            (v) => URL.canParse(v) && ['smtp:', 'smtps:'].includes(new URL(v).protocol),
            'must be an SMTP URL such as smtps://user:pass@mail.example.com:465'
        )
        .optional(),
    CLOSEBOOKS_MAIL_FROM: z.email('must be an e-mail address').optional(),
    CLOSEBOOKS_FINANCE_EMAIL: z.email('must be an e-mail address').optional(),
    CLOSEBOOKS_SHUTDOWN_TIMEOUT_MS: z
        .string()
        .regex(/^\d+$/, 'must be a whole number of milliseconds')
        .transform(Number)
        .default(10_000),
    CLOSEBOOKS_RETAIN_JOBS_DAYS: retentionDays(DEFAULT_RETENTION.jobsDays),
    CLOSEBOOKS_RETAIN_INBOX_DAYS: retentionDays(DEFAULT_RETENTION.inboxDays),
    CLOSEBOOKS_RETAIN_JOURNAL_DAYS: retentionDays(DEFAULT_RETENTION.journalDays)
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
    /** Where the companion keeps local files (PGlite data, the sandbox master key). */
    readonly dataDir: string;
    /** Seals secrets at rest; when unset, a generated key file in `dataDir` is used (sandbox). */
    readonly masterKey: string | undefined;
    readonly previousMasterKeys: readonly string[];
    /** The Zoho API console client; unset until Zoho Books connections are configured. */
    readonly zohoClient: { readonly id: string; readonly secret: string } | undefined;
    /** The Salesforce connected app the admin API connects orgs with; unset: pass one per org. */
    readonly salesforceClient: { readonly id: string; readonly secret: string } | undefined;
    /**
     * The package's namespace in the connected orgs (`cbks`, as registered in sfdx-project.json);
     * empty for orgs where the package is deployed without one (scratch or developer orgs).
     */
    readonly salesforceNamespace: string;
    /** How browsers and Salesforce reach this companion (for OAuth redirects). */
    readonly publicUrl: string;
    /** How long finished jobs, processed inbox rows and journal rows are kept. */
    readonly retention: RetentionPolicy;
    /**
     * Sandbox mode: both simulators in this process, on these loopback ports (0: any free
     * port), joined to a demo connection. On by default while no Zoho client is configured and
     * the store is the embedded PGlite; never implicitly against a PostgreSQL database.
     */
    readonly sandbox: { readonly zohoPort: number; readonly salesforcePort: number } | undefined;
    /** Where overdue-invoice notices go (F4); each channel is off while unset. */
    readonly notify: {
        readonly slackWebhookUrl: string | undefined;
        readonly smtpUrl: string | undefined;
        readonly mailFrom: string | undefined;
        readonly financeEmail: string | undefined;
    };
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
        const secret = [
            'DATABASE_URL',
            'CLOSEBOOKS_MASTER_KEY',
            'CLOSEBOOKS_PREVIOUS_MASTER_KEYS',
            'ZOHO_CLIENT_SECRET',
            'SALESFORCE_CLIENT_SECRET',
            'CLOSEBOOKS_SLACK_WEBHOOK_URL',
            'CLOSEBOOKS_SMTP_URL'
        ].includes(variable);
        const shown = got === undefined || secret ? '' : ` (got "${got}")`;
        throw new ConfigError(variable, `${issue?.message ?? 'is invalid'}${shown}`);
    }
    const e = parsed.data;
    // Unlike other variables, an empty value means something here: no namespace.
    const namespace = env.CLOSEBOOKS_SALESFORCE_NAMESPACE;
    const salesforceNamespace =
        namespace === undefined
            ? PACKAGE_NAMES.namespace
            : parseNamespace(namespace.trim(), 'CLOSEBOOKS_SALESFORCE_NAMESPACE');
    // A shared database holds sealed secrets; the key that opens them must live elsewhere, so
    // a generated key file (the sandbox's convenience) is never used against PostgreSQL.
    if (e.DATABASE_URL && !e.CLOSEBOOKS_MASTER_KEY)
        throw new ConfigError(
            'CLOSEBOOKS_MASTER_KEY',
            'must be set when DATABASE_URL is set (32 random bytes in base64: openssl rand -base64 32)'
        );
    const dataDir = path.resolve(cwd, e.CLOSEBOOKS_DATA_DIR);
    const store: StoreConfig = e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL }
        : { kind: 'pglite', dataDir };
    return Object.freeze({
        port: e.PORT,
        host: e.HOST,
        store,
        logLevel: e.LOG_LEVEL,
        shutdownTimeoutMs: e.CLOSEBOOKS_SHUTDOWN_TIMEOUT_MS,
        dataDir,
        masterKey: e.CLOSEBOOKS_MASTER_KEY,
        zohoClient:
            e.ZOHO_CLIENT_ID && e.ZOHO_CLIENT_SECRET
                ? { id: e.ZOHO_CLIENT_ID, secret: e.ZOHO_CLIENT_SECRET }
                : undefined,
        salesforceClient:
            e.SALESFORCE_CLIENT_ID && e.SALESFORCE_CLIENT_SECRET
                ? { id: e.SALESFORCE_CLIENT_ID, secret: e.SALESFORCE_CLIENT_SECRET }
                : undefined,
        salesforceNamespace,
        sandbox:
            e.CLOSEBOOKS_SANDBOX === 'on' ||
            (e.CLOSEBOOKS_SANDBOX === 'auto' &&
                !(e.ZOHO_CLIENT_ID && e.ZOHO_CLIENT_SECRET) &&
                !e.DATABASE_URL)
                ? {
                      zohoPort: e.CLOSEBOOKS_SANDBOX_ZOHO_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
                      salesforcePort:
                          e.CLOSEBOOKS_SANDBOX_SALESFORCE_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 2)
                  }
                : undefined,
        notify: Object.freeze({
            slackWebhookUrl: e.CLOSEBOOKS_SLACK_WEBHOOK_URL,
            smtpUrl: e.CLOSEBOOKS_SMTP_URL,
            mailFrom: e.CLOSEBOOKS_MAIL_FROM,
            financeEmail: e.CLOSEBOOKS_FINANCE_EMAIL
        }),
        retention: Object.freeze({
            jobsDays: e.CLOSEBOOKS_RETAIN_JOBS_DAYS,
            inboxDays: e.CLOSEBOOKS_RETAIN_INBOX_DAYS,
            journalDays: e.CLOSEBOOKS_RETAIN_JOURNAL_DAYS,
            batchSize: DEFAULT_RETENTION.batchSize
        }),
        publicUrl: (e.CLOSEBOOKS_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
        previousMasterKeys: e.CLOSEBOOKS_PREVIOUS_MASTER_KEYS?.split(',').map((k) => k.trim()) ?? []
    });
}

const cliEnvSchema = z.object({
    CLOSEBOOKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    CLOSEBOOKS_ADMIN_KEY: z.string().optional()
});

/**
 * The environment of `npx closebooks`: the companion to talk to and the admin key to use (both
 * optional: `--url` overrides the address, and a missing key is refused per command).
 *
 * @throws ConfigError when CLOSEBOOKS_URL is not an http(s) URL.
 */
export function loadCliEnv(env: NodeJS.ProcessEnv = process.env): {
    url: string | undefined;
    key: string | undefined;
} {
    const parsed = cliEnvSchema.safeParse({
        CLOSEBOOKS_URL: env.CLOSEBOOKS_URL || undefined,
        CLOSEBOOKS_ADMIN_KEY: env.CLOSEBOOKS_ADMIN_KEY || undefined
    });
    if (!parsed.success)
        throw new ConfigError(
            'CLOSEBOOKS_URL',
            `must be an http(s) URL, got ${env.CLOSEBOOKS_URL}`
        );
    return { url: parsed.data.CLOSEBOOKS_URL, key: parsed.data.CLOSEBOOKS_ADMIN_KEY };
}
