import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadCliEnv, loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
    it('runs on embedded defaults when nothing is set', () => {
        const config = loadConfig({}, '/srv/app');
        expect(config).toEqual({
            port: 3000,
            host: '127.0.0.1',
            store: { kind: 'pglite', dataDir: path.resolve('/srv/app', '.closebooks') },
            logLevel: 'info',
            shutdownTimeoutMs: 10_000,
            dataDir: path.resolve('/srv/app', '.closebooks'),
            masterKey: undefined,
            previousMasterKeys: [],
            zohoClient: undefined,
            salesforceClient: undefined,
            salesforceNamespace: 'cbks',
            publicUrl: 'http://127.0.0.1:3000',
            retention: { jobsDays: 30, inboxDays: 30, journalDays: 365, batchSize: 1000 },
            sandbox: { zohoPort: 3001, salesforcePort: 3002 },
            notify: {
                slackWebhookUrl: undefined,
                smtpUrl: undefined,
                mailFrom: undefined,
                financeEmail: undefined
            }
        });
        expect(Object.isFrozen(config)).toBe(true);
    });

    it('reads where overdue notices go, and never echoes a rejected Slack or SMTP URL', () => {
        expect(
            loadConfig({
                CLOSEBOOKS_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x',
                CLOSEBOOKS_SMTP_URL: 'smtps://user:pw@mail.example.com:465',
                CLOSEBOOKS_MAIL_FROM: 'closebooks@example.com',
                CLOSEBOOKS_FINANCE_EMAIL: 'finance@example.com'
            }).notify
        ).toEqual({
            slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/x',
            smtpUrl: 'smtps://user:pw@mail.example.com:465',
            mailFrom: 'closebooks@example.com',
            financeEmail: 'finance@example.com'
        });
        for (const [variable, value, secret] of [
            ['CLOSEBOOKS_SLACK_WEBHOOK_URL', 'http://hooks.example/secret-path', 'secret-path'],
            ['CLOSEBOOKS_SMTP_URL', 'http://user:hunter2@mail.example.com', 'hunter2']
        ] as const)
            expect(() => loadConfig({ [variable]: value })).toThrow(
                expect.objectContaining({ variable, message: expect.not.stringContaining(secret) })
            );
    });

    it.each([
        [{}, { zohoPort: 3001, salesforcePort: 3002 }],
        [{ PORT: '0' }, { zohoPort: 0, salesforcePort: 0 }],
        [
            { CLOSEBOOKS_SANDBOX_ZOHO_PORT: '4001', PORT: '8080' },
            { zohoPort: 4001, salesforcePort: 8082 }
        ],
        [{ ZOHO_CLIENT_ID: 'client.1234', ZOHO_CLIENT_SECRET: 'secret-1234567' }, undefined],
        [
            {
                ZOHO_CLIENT_ID: 'client.1234',
                ZOHO_CLIENT_SECRET: 'secret-1234567',
                CLOSEBOOKS_SANDBOX: 'on'
            },
            { zohoPort: 3001, salesforcePort: 3002 }
        ],
        [{ CLOSEBOOKS_SANDBOX: 'off' }, undefined],
        // Never implicitly against a shared database: only when asked for.
        [
            { DATABASE_URL: 'postgres://app@db.internal/closebooks', CLOSEBOOKS_MASTER_KEY: KEY },
            undefined
        ],
        [
            {
                DATABASE_URL: 'postgres://app@db.internal/closebooks',
                CLOSEBOOKS_MASTER_KEY: KEY,
                CLOSEBOOKS_SANDBOX: 'on'
            },
            { zohoPort: 3001, salesforcePort: 3002 }
        ]
    ])('sandbox mode with %j is %j', (env, expected) => {
        expect(loadConfig(env).sandbox).toEqual(expected);
    });

    it('keeps 30 days of jobs and inbox and a year of journal unless told otherwise', () => {
        expect(loadConfig({}).retention).toEqual({
            jobsDays: 30,
            inboxDays: 30,
            journalDays: 365,
            batchSize: 1000
        });
        expect(
            loadConfig({ CLOSEBOOKS_RETAIN_JOBS_DAYS: '7', CLOSEBOOKS_RETAIN_JOURNAL_DAYS: '3650' })
                .retention
        ).toMatchObject({ jobsDays: 7, inboxDays: 30, journalDays: 3650 });
    });

    it.each([
        ['CLOSEBOOKS_RETAIN_INBOX_DAYS', '0'],
        ['CLOSEBOOKS_RETAIN_JOBS_DAYS', 'forever'],
        ['CLOSEBOOKS_RETAIN_JOURNAL_DAYS', '4000']
    ])('refuses %s=%s, naming the variable', (variable, value) => {
        expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
    });

    it('reads the package namespace: sfdx-project.json by default, empty for none, validated', () => {
        expect(loadConfig({}).salesforceNamespace).toBe('cbks');
        expect(loadConfig({ CLOSEBOOKS_SALESFORCE_NAMESPACE: '' }).salesforceNamespace).toBe('');
        expect(loadConfig({ CLOSEBOOKS_SALESFORCE_NAMESPACE: 'acme' }).salesforceNamespace).toBe(
            'acme'
        );
        expect(() => loadConfig({ CLOSEBOOKS_SALESFORCE_NAMESPACE: 'cbks__' })).toThrow(
            /^CLOSEBOOKS_SALESFORCE_NAMESPACE: /
        );
    });

    it('refuses an unknown sandbox setting', () => {
        expect(() => loadConfig({ CLOSEBOOKS_SANDBOX: 'maybe' })).toThrow(
            /CLOSEBOOKS_SANDBOX: must be auto, on or off/
        );
    });

    it('uses PostgreSQL when DATABASE_URL is set', () => {
        const config = loadConfig({
            DATABASE_URL: 'postgres://app@db.internal:5432/closebooks',
            CLOSEBOOKS_MASTER_KEY: KEY,
            PORT: '8080'
        });
        expect(config.store).toEqual({
            kind: 'postgres',
            url: 'postgres://app@db.internal:5432/closebooks'
        });
        expect(config.port).toBe(8080);
    });

    it('refuses PostgreSQL without a master key, naming the variable', () => {
        expect(() => loadConfig({ DATABASE_URL: 'postgres://app@db.internal/closebooks' })).toThrow(
            expect.objectContaining({
                variable: 'CLOSEBOOKS_MASTER_KEY',
                message: expect.stringMatching(/must be set when DATABASE_URL is set/)
            })
        );
    });

    it('treats an empty variable as unset', () => {
        expect(loadConfig({ PORT: '', DATABASE_URL: '' }).store.kind).toBe('pglite');
    });

    it.each([
        {
            name: 'a port that is not a number',
            env: { PORT: 'abc' },
            variable: 'PORT',
            says: 'whole number'
        },
        { name: 'a port out of range', env: { PORT: '70000' }, variable: 'PORT', says: '65535' },
        {
            name: 'a database URL that is not a URL',
            env: { DATABASE_URL: 'nonsense' },
            variable: 'DATABASE_URL',
            says: 'PostgreSQL URL'
        },
        {
            name: 'a MySQL URL',
            env: { DATABASE_URL: 'mysql://x@y/z' },
            variable: 'DATABASE_URL',
            says: 'PostgreSQL URL'
        },
        {
            name: 'an unknown log level',
            env: { LOG_LEVEL: 'loud' },
            variable: 'LOG_LEVEL',
            says: 'one of'
        },
        {
            name: 'a negative shutdown timeout',
            env: { CLOSEBOOKS_SHUTDOWN_TIMEOUT_MS: '-1' },
            variable: 'CLOSEBOOKS_SHUTDOWN_TIMEOUT_MS',
            says: 'milliseconds'
        }
    ])('rejects $name, naming the variable', ({ env, variable, says }) => {
        let caught: unknown;
        try {
            loadConfig(env);
        } catch (error) {
            caught = error;
        }
        expect(caught).toBeInstanceOf(ConfigError);
        const error = caught as ConfigError;
        expect(error.variable).toBe(variable);
        expect(error.message.startsWith(`${variable}: `)).toBe(true);
        expect(error.message).toContain(says);
    });

    it('reads the master key and the previous keys kept for rotation', () => {
        const current = Buffer.alloc(32, 1).toString('base64');
        const old = Buffer.alloc(32, 2).toString('base64');
        const config = loadConfig({
            CLOSEBOOKS_MASTER_KEY: current,
            CLOSEBOOKS_PREVIOUS_MASTER_KEYS: ` ${old} `
        });
        expect(config.masterKey).toBe(current);
        expect(config.previousMasterKeys).toEqual([old]);
    });

    it('reads the Salesforce connected app only when both halves are set, never echoing its secret', () => {
        const id = `3MVG9${'A'.repeat(40)}`;
        expect(
            loadConfig({ SALESFORCE_CLIENT_ID: id, SALESFORCE_CLIENT_SECRET: 'sf-secret-123456' })
                .salesforceClient
        ).toEqual({ id, secret: 'sf-secret-123456' });
        expect(loadConfig({ SALESFORCE_CLIENT_ID: id }).salesforceClient).toBeUndefined();
        expect(() => loadConfig({ SALESFORCE_CLIENT_SECRET: 'short' })).toThrow(
            expect.objectContaining({
                variable: 'SALESFORCE_CLIENT_SECRET',
                message: expect.not.stringContaining('short')
            })
        );
        expect(() => loadConfig({ SALESFORCE_CLIENT_ID: 'not a key' })).toThrow(
            expect.objectContaining({ variable: 'SALESFORCE_CLIENT_ID' })
        );
    });

    it('rejects a short master key without echoing it', () => {
        expect(() => loadConfig({ CLOSEBOOKS_MASTER_KEY: 'c2VjcmV0' })).toThrow(
            expect.objectContaining({
                variable: 'CLOSEBOOKS_MASTER_KEY',
                message: expect.not.stringContaining('c2VjcmV0')
            })
        );
    });

    it('never echoes a rejected DATABASE_URL, which may hold a password', () => {
        expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(
            expect.objectContaining({ message: expect.not.stringContaining('hunter2') })
        );
    });
});

describe('loadCliEnv', () => {
    it('reads the companion address and the admin key, empty as unset, and refuses a non-http address', () => {
        expect(loadCliEnv({})).toEqual({ url: undefined, key: undefined });
        expect(
            loadCliEnv({
                CLOSEBOOKS_URL: 'https://ops.example:8443',
                CLOSEBOOKS_ADMIN_KEY: 'cbk_x'
            })
        ).toEqual({ url: 'https://ops.example:8443', key: 'cbk_x' });
        expect(loadCliEnv({ CLOSEBOOKS_URL: '', CLOSEBOOKS_ADMIN_KEY: '' })).toEqual({
            url: undefined,
            key: undefined
        });
        expect(() => loadCliEnv({ CLOSEBOOKS_URL: 'ftp://x' })).toThrow(ConfigError);
    });
});
