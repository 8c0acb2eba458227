import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listen } from '../../test/support/serve.ts';
import type { OrgCredentials } from './org-factory.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

/**
 * The Salesforce CLI (`@salesforce/cli` from node_modules, offline) against the simulator
 * served on loopback, as a developer would point it at an org: sign in with an access token,
 * then query, create, read, update, delete, describe, read limits, call REST and move a record
 * tree out and back in. Each command's output is what the CLI printed.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(REPO_ROOT, 'node_modules/.bin');

const sandbox = createSalesforceSandbox();
let server: Awaited<ReturnType<typeof listen>>;
let credentials: OrgCredentials;
let home = '';

type Run = { code: number; stdout: string; stderr: string };

/** Runs `sf …` with a private HOME (its auth files), no telemetry and no update checks. */
function sf(args: string[], cwd = home): Promise<Run> {
    return new Promise((resolve) => {
        execFile(
            path.join(BIN, 'sf'),
            args,
            {
                cwd,
                timeout: 60_000,
                env: {
                    PATH: `${BIN}:${process.env.PATH ?? ''}`,
                    HOME: home,
                    SF_ACCESS_TOKEN: credentials.access_token,
                    SF_DISABLE_TELEMETRY: 'true',
                    SF_AUTOUPDATE_DISABLE: 'true',
                    SF_SKIP_NEW_VERSION_CHECK: 'true',
                    SF_HIDE_RELEASE_NOTES: 'true',
                    SF_USE_PROGRESS_BAR: 'false',
                    NO_COLOR: '1',
                    FORCE_COLOR: '0'
                }
            },
            (error, stdout, stderr) =>
                resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
        );
    });
}

/** `sf … --json`: the command's `result`, after checking it succeeded. */
async function sfJson<T = Record<string, unknown>>(args: string[], cwd?: string): Promise<T> {
    const run = await sf([...args, '--json'], cwd);
    const parsed = JSON.parse(run.stdout) as { status: number; result: T };
    expect(parsed.status, `sf ${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(0);
    return parsed.result;
}

const records = (object: string) => sandbox.records(credentials.org_id, object);

beforeAll(async () => {
    server = await listen(sandbox.app);
    credentials = sandbox.createOrg({ instanceUrl: server.url, name: 'CLI Org' });
    home = await mkdtemp(path.join(os.tmpdir(), 'closebooks-sf-cli-'));
    sandbox.seed(credentials.org_id, {
        records: [
            {
                object: 'Account',
                ref: 'acme',
                fields: { Name: 'Acme', BillingCountry: 'Germany', BillingCity: 'Berlin' }
            },
            { object: 'Account', fields: { Name: 'Globex', BillingCountry: 'France' } },
            { object: 'Account', fields: { Name: 'Initech', BillingCountry: 'Germany' } },
            {
                object: 'Contact',
                fields: { FirstName: 'Ada', LastName: 'Lovelace', AccountId: { ref: 'acme' } }
            }
        ]
    });
    const login = await sf([
        'org',
        'login',
        'access-token',
        '--instance-url',
        server.url,
        '--no-prompt',
        '--alias',
        'sim',
        '--set-default'
    ]);
    expect(login.stdout + login.stderr).toContain(
        `Successfully authorized ${credentials.username} with org ID ${credentials.org_id}`
    );
}, 60_000);

afterAll(async () => {
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
});

describe('the sf CLI against the simulator', () => {
    it('displays the org as connected, on the latest API version', async () => {
        const org = await sfJson<Record<string, unknown>>(['org', 'display']);
        expect(org).toMatchObject({
            id: credentials.org_id,
            username: credentials.username,
            connectedStatus: 'Connected',
            apiVersion: '67.0',
            alias: 'sim'
        });
    });

    it('queries with relationship fields, subqueries, COUNT() and GROUP BY', async () => {
        const [json, table, count, grouped] = await Promise.all([
            sfJson<{ totalSize: number; records: Array<Record<string, unknown>> }>([
                'data',
                'query',
                '-q',
                'SELECT Name, Account.Name, Account.BillingCountry FROM Contact'
            ]),
            sf([
                'data',
                'query',
                '-q',
                'SELECT Name, BillingCity, (SELECT LastName FROM Contacts) FROM Account ORDER BY Name'
            ]),
            sfJson<{ totalSize: number; records: unknown[] }>([
                'data',
                'query',
                '-q',
                "SELECT COUNT() FROM Account WHERE BillingCountry = 'Germany'"
            ]),
            sf([
                'data',
                'query',
                '-q',
                'SELECT BillingCountry, COUNT(Id) FROM Account GROUP BY BillingCountry ORDER BY BillingCountry',
                '-r',
                'csv'
            ])
        ]);
        expect(json.records[0]).toMatchObject({
            Name: 'Ada Lovelace',
            Account: { Name: 'Acme', BillingCountry: 'Germany' }
        });
        expect(table.code).toBe(0);
        expect(table.stdout).toMatch(/NAME\s*│\s*BILLINGCITY\s*│\s*CONTACTS\.LASTNAME/);
        expect(table.stdout).toMatch(/Acme\s*│\s*Berlin\s*│\s*Lovelace/);
        expect(table.stdout).toContain('Total number of records retrieved: 3.');
        expect(count).toMatchObject({ totalSize: 2, records: [] });
        expect(grouped.stdout.trim().split('\n')).toEqual([
            'BillingCountry,COUNT(Id)',
            'France,1',
            'Germany,2'
        ]);
    });

    it('creates, reads, updates and deletes a record', async () => {
        const created = await sfJson<{ id: string; success: boolean }>([
            'data',
            'create',
            'record',
            '-s',
            'Account',
            '-v',
            "Name='Umbrella Corp' BillingCountry=Japan"
        ]);
        expect(created.success).toBe(true);
        const read = await sfJson<Record<string, unknown>>([
            'data',
            'get',
            'record',
            '-s',
            'Account',
            '-i',
            created.id
        ]);
        expect(read).toMatchObject({
            Id: created.id,
            Name: 'Umbrella Corp',
            BillingCountry: 'Japan'
        });
        await sfJson([
            'data',
            'update',
            'record',
            '-s',
            'Account',
            '-i',
            created.id,
            '-v',
            'Phone=555-0100'
        ]);
        expect(records('Account').find((a) => a.Id === created.id)?.Phone).toBe('555-0100');
        await sfJson(['data', 'delete', 'record', '-s', 'Account', '-w', "Name='Umbrella Corp'"]);
        expect(records('Account').some((a) => a.Id === created.id)).toBe(false);
    });

    it('describes an object, lists limits and calls REST', async () => {
        const [describe, limits, rest] = await Promise.all([
            sfJson<{ name: string; fields: Array<{ name: string; type: string }> }>([
                'sobject',
                'describe',
                '-s',
                'Account'
            ]),
            sfJson<Array<{ name: string; max: number; remaining: number }>>([
                'org',
                'list',
                'limits'
            ]),
            sf(['api', 'request', 'rest', '//services/data/v67.0/sobjects/Account/describe'])
        ]);
        expect(describe.name).toBe('Account');
        expect(describe.fields.map((f) => f.name)).toEqual(
            expect.arrayContaining(['Id', 'Name', 'BillingCountry', 'BillingAddress'])
        );
        const daily = limits.find((l) => l.name === 'DailyApiRequests');
        expect(daily?.max).toBe(100_000);
        expect(daily!.remaining).toBeLessThan(100_000);
        expect(rest.code).toBe(0);
        expect(JSON.parse(rest.stdout)).toMatchObject({ name: 'Account', keyPrefix: '001' });
    });

    it('reaches the package under its namespace, as in a subscriber org', async () => {
        const [described, mappings, bare] = await Promise.all([
            sfJson<{ name: string; fields: Array<{ name: string }> }>([
                'sobject',
                'describe',
                '-s',
                'cbks__Zoho_Invoice__c'
            ]),
            sfJson<{ totalSize: number; records: Array<Record<string, unknown>> }>([
                'data',
                'query',
                '-q',
                "SELECT DeveloperName, cbks__Source_Field__c FROM cbks__Closebooks_Field_Mapping__mdt WHERE DeveloperName = 'Account_Name'"
            ]),
            sf(['data', 'query', '-q', 'SELECT Id FROM Zoho_Invoice__c', '--json'])
        ]);
        expect(described.name).toBe('cbks__Zoho_Invoice__c');
        expect(described.fields.map((f) => f.name)).toEqual(
            expect.arrayContaining(['cbks__Balance__c', 'cbks__Opportunity__c'])
        );
        expect(mappings.records).toEqual([
            expect.objectContaining({
                DeveloperName: 'Account_Name',
                cbks__Source_Field__c: 'Name'
            })
        ]);
        expect(bare.code).not.toBe(0);
        expect(bare.stdout).toContain('INVALID_TYPE');
    });

    it('exports a record tree and imports it back', async () => {
        const dir = await mkdtemp(path.join(home, 'tree-'));
        await sfJson(
            [
                'data',
                'export',
                'tree',
                '-q',
                "SELECT Name, BillingCountry, (SELECT FirstName, LastName FROM Contacts) FROM Account WHERE Name = 'Acme'",
                '-d',
                'out'
            ],
            dir
        );
        const [file = ''] = await readdir(path.join(dir, 'out'));
        const tree = JSON.parse(await readFile(path.join(dir, 'out', file), 'utf8')) as {
            records: Array<Record<string, unknown>>;
        };
        expect(tree.records).toEqual([
            {
                attributes: { type: 'Account', referenceId: 'AccountRef1' },
                Name: 'Acme',
                BillingCountry: 'Germany',
                Contacts: {
                    records: [
                        {
                            attributes: { type: 'Contact', referenceId: 'ContactRef1' },
                            FirstName: 'Ada',
                            LastName: 'Lovelace'
                        }
                    ]
                }
            }
        ]);
        const imported = await sfJson<Array<{ refId: string; type: string; id: string }>>(
            ['data', 'import', 'tree', '-f', path.join('out', file)],
            dir
        );
        expect(imported.map((r) => [r.refId, r.type])).toEqual([
            ['AccountRef1', 'Account'],
            ['ContactRef1', 'Contact']
        ]);
        const contact = records('Contact').find((c) => c.Id === imported[1]!.id);
        expect(contact).toMatchObject({ LastName: 'Lovelace', AccountId: imported[0]!.id });
    });
});
