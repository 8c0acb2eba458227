import { PassThrough } from 'node:stream';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { invoiceEnv, type InvoiceEnv } from '../../test/support/invoice-env.ts';
import { createTestDb, testBackend, type TestDb } from '../../test/support/test-db.ts';
import { streamClientTransport } from '../../test/support/stream-transport.ts';
import { createApiKey, type ApiScope } from '../store/api-keys.ts';
import { serveMcp } from './stdio.ts';

const LIMIT = 12;

/** What the tools answer, as far as these tests read it. */
type Answer = Record<string, unknown> & {
    error?: { code: string; message: string };
    wouldDo?: string;
    preview?: { total?: string };
    customers?: unknown[];
    invoices?: unknown[];
    taskId?: string;
    ownerId?: string;
    outstandingReceivable?: string;
};

describe(`MCP tools through the SDK's own client (${testBackend})`, () => {
    let t: TestDb;
    let env: InvoiceEnv;
    const clients: Client[] = [];

    async function keyFor(scopes: ApiScope[]) {
        const { key, token } = await createApiKey(env.db, { name: `mcp ${scopes}`, scopes });
        return { id: key.id, token };
    }

    async function connect(token: string) {
        const client = new Client({ name: 'closebooks-test', version: '1' });
        await client.connect(
            new StreamableHTTPClientTransport(new URL(`${env.server.url}/mcp`), {
                requestInit: { headers: { authorization: `Bearer ${token}` } }
            })
        );
        clients.push(client);
        return client;
    }

    async function call(client: Client, name: string, args: Record<string, unknown>) {
        const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
        return {
            isError: result.isError === true,
            body: result.structuredContent as Answer
        };
    }

    async function count(sql: string, params: unknown[]) {
        const [row] = await env.db.query<{ n: number | string }>(sql, params);
        return Number(row?.n ?? 0);
    }
    const invoiceJobs = () =>
        count(`SELECT count(*) AS n FROM jobs WHERE kind = 'zoho.invoice.create'`, []);
    const journalRows = (keyId: string) =>
        env.db.query<{ operation: string; outcome: string; detail: Record<string, unknown> }>(
            `SELECT operation, outcome, detail FROM journal WHERE actor = $1 ORDER BY id`,
            [`key:${keyId}`]
        );

    beforeAll(async () => {
        t = await createTestDb();
        env = await invoiceEnv(t.db, {
            deals: 2,
            linked: true,
            mcpLimit: { calls: LIMIT, perMs: 60_000 }
        });
    });
    afterAll(async () => {
        for (const client of clients) await client.close();
        await env.close();
        await t.drop();
    });

    it('refuses a request without a key, and a key with no mcp scope', async () => {
        const none = await fetch(`${env.server.url}/mcp`, { method: 'POST', body: '{}' });
        expect(none.status).toBe(401);
        const admin = await keyFor(['admin:read', 'admin:write']);
        await expect(connect(admin.token)).rejects.toThrow(/403|mcp:read or mcp:write/);
    });

    it('answers a GET or DELETE at once with 405 instead of an event stream that never ends', async () => {
        const { token } = await keyFor(['mcp:read']);
        for (const method of ['GET', 'DELETE']) {
            const res = await fetch(`${env.server.url}/mcp`, {
                method,
                headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
                signal: AbortSignal.timeout(5_000)
            });
            expect(res.status).toBe(405);
            expect(res.headers.get('allow')).toBe('POST');
            expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
        }
    });

    it('lists the six tools with their zod-made input schemas', async () => {
        const client = await connect((await keyFor(['mcp:read'])).token);
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual([
            'create_invoice',
            'find_customer',
            'get_account_balance',
            'list_overdue_invoices',
            'preview_invoice',
            'record_follow_up'
        ]);
        const create = tools.find((tool) => tool.name === 'create_invoice');
        expect(create?.inputSchema.required).toEqual(['connectionId', 'opportunityId']);
        expect(create?.inputSchema.properties).toHaveProperty('confirm');
        expect(create?.outputSchema?.properties).toHaveProperty('queued');
        expect(tools.every((tool) => tool.outputSchema?.type === 'object')).toBe(true);
    });

    it('create_invoice without confirm says what it would do and writes nothing; a read key cannot confirm', async () => {
        const reader = await keyFor(['mcp:read']);
        const client = await connect(reader.token);
        const deal = env.seed.opportunities[0]!.salesforceId;
        const dry = await call(client, 'create_invoice', {
            connectionId: env.connectionId,
            opportunityId: deal
        });
        expect(dry.isError).toBe(false);
        expect(dry.body).toMatchObject({ dryRun: true, preview: { held: false } });
        expect(dry.body.wouldDo).toContain(`zoho.invoice.create job for Opportunity ${deal}`);
        expect(Number(dry.body.preview?.total)).toBeGreaterThan(0);

        const refused = await call(client, 'create_invoice', {
            connectionId: env.connectionId,
            opportunityId: deal,
            confirm: true
        });
        expect(refused).toMatchObject({
            isError: true,
            body: { error: { code: 'forbidden' } }
        });
        expect(refused.body.error?.message).toContain('mcp:write');
        expect(await invoiceJobs()).toBe(0);
        expect(await env.invoicesFor(deal)).toEqual([]);
        expect((await journalRows(reader.id)).map((row) => [row.operation, row.outcome])).toEqual([
            ['mcp.create_invoice', 'ok'],
            ['mcp.create_invoice', 'error']
        ]);
    });

    it('create_invoice with confirm and mcp:write invoices the deal end to end; the balance and search then find it', async () => {
        const writer = await keyFor(['mcp:read', 'mcp:write']);
        const client = await connect(writer.token);
        const opportunity = env.seed.opportunities[1]!;
        const account = env.seed.accounts.find((a) => a.salesforceId === opportunity.accountId)!;
        const done = await call(client, 'create_invoice', {
            connectionId: env.connectionId,
            opportunityId: opportunity.salesforceId,
            confirm: true
        });
        expect(done).toMatchObject({
            isError: false,
            body: { dryRun: false, queued: { kind: 'zoho.invoice.create' } }
        });
        const [invoice] = await env.waitFor(
            async () => {
                const found = await env.invoicesFor(opportunity.salesforceId);
                return found.length > 0 && found;
            },
            15_000,
            'the Zoho invoice'
        );
        expect(Number(invoice?.total)).toBeGreaterThan(0);
        const zoho = await env.runtime.clients.zoho(env.connectionId);
        await zoho.invoices.markSent(String(invoice?.invoice_id));

        const balance = await call(client, 'get_account_balance', {
            connectionId: env.connectionId,
            accountId: account.salesforceId
        });
        expect(balance.isError).toBe(false);
        expect(balance.body).toMatchObject({
            accountId: account.salesforceId,
            zohoContactId: String(invoice?.customer_id)
        });
        expect(Number(balance.body.outstandingReceivable)).toBe(Number(invoice?.balance));

        const found = await call(client, 'find_customer', {
            connectionId: env.connectionId,
            query: account.name
        });
        expect(found.body.customers).toContainEqual(
            expect.objectContaining({
                zohoContactId: String(invoice?.customer_id),
                salesforceAccountId: account.salesforceId
            })
        );
        const overdue = () =>
            call(client, 'list_overdue_invoices', {
                connectionId: env.connectionId,
                accountId: account.salesforceId
            });
        expect(await overdue()).toMatchObject({ isError: false, body: { invoices: [] } });
        env.clock.set(Date.parse(`${String(invoice?.due_date)}T00:00:00Z`) + 2 * 86_400_000);
        expect((await overdue()).body.invoices).toEqual([
            expect.objectContaining({
                invoiceId: String(invoice?.invoice_id),
                balance: String(invoice?.balance)
            })
        ]);
        expect((await journalRows(writer.id)).map((row) => row.operation)).toEqual([
            'mcp.create_invoice',
            'mcp.get_account_balance',
            'mcp.find_customer',
            'mcp.list_overdue_invoices',
            'mcp.list_overdue_invoices'
        ]);
    });

    it('record_follow_up is a dry run without confirm, and makes the Task for the owner with it', async () => {
        const writer = await keyFor(['mcp:read', 'mcp:write']);
        const client = await connect(writer.token);
        const account = env.seed.accounts[0]!;
        const tasks = () =>
            env.sf
                .records(env.sfOrg, 'Task')
                .filter(
                    (task) =>
                        task.WhatId === account.salesforceId &&
                        task.Subject === 'Call about the renewal'
                );
        const args = {
            connectionId: env.connectionId,
            accountId: account.salesforceId,
            subject: 'Call about the renewal'
        };
        const dry = await call(client, 'record_follow_up', args);
        expect(dry.body).toMatchObject({ dryRun: true });
        expect(tasks()).toEqual([]);
        const done = await call(client, 'record_follow_up', { ...args, confirm: true });
        expect(done.isError).toBe(false);
        expect(tasks()).toEqual([
            expect.objectContaining({
                Id: done.body.taskId,
                Subject: 'Call about the renewal',
                OwnerId: done.body.ownerId
            })
        ]);
    });

    it('refuses calls over the per-key limit, and journals every call', async () => {
        const busy = await keyFor(['mcp:read']);
        const client = await connect(busy.token);
        const deal = env.seed.opportunities[0]!.salesforceId;
        const answers = [];
        for (let i = 0; i <= LIMIT; i++)
            answers.push(
                await call(client, 'preview_invoice', {
                    connectionId: env.connectionId,
                    opportunityId: deal
                })
            );
        expect(answers.slice(0, LIMIT).every((a) => !a.isError)).toBe(true);
        expect(answers[0]?.body.preview).toMatchObject({
            held: false,
            customerName: expect.any(String)
        });
        expect(answers[LIMIT]).toMatchObject({
            isError: true,
            body: { error: { code: 'rate_limited' } }
        });
        const other = await connect((await keyFor(['mcp:read'])).token);
        const fresh = await call(other, 'preview_invoice', {
            connectionId: env.connectionId,
            opportunityId: deal
        });
        expect(fresh.isError).toBe(false);
        const rows = await journalRows(busy.id);
        expect(rows).toHaveLength(LIMIT + 1);
        expect(rows.at(-1)).toMatchObject({
            operation: 'mcp.preview_invoice',
            outcome: 'error',
            detail: { refused: 'rate_limited' }
        });
        env.clock.advance(60_000);
        const later = await call(client, 'preview_invoice', {
            connectionId: env.connectionId,
            opportunityId: deal
        });
        expect(later.isError).toBe(false);
    });

    it('serves the same tools over stdio for a key with an MCP scope, and refuses one without', async () => {
        const toServer = new PassThrough();
        const fromServer = new PassThrough();
        const admin = await keyFor(['admin:read']);
        await expect(
            serveMcp(env.runtime.mcp, admin.token, new StdioServerTransport(toServer, fromServer))
        ).rejects.toThrow(/mcp:read or mcp:write/);
        await expect(
            serveMcp(env.runtime.mcp, 'cbk_nope', new StdioServerTransport(toServer, fromServer))
        ).rejects.toThrow(/missing, unknown or revoked/);

        const reader = await keyFor(['mcp:read']);
        const server = await serveMcp(
            env.runtime.mcp,
            reader.token,
            new StdioServerTransport(toServer, fromServer)
        );
        const client = new Client({ name: 'closebooks-stdio-test', version: '1' });
        await client.connect(streamClientTransport(fromServer, toServer));
        expect((await client.listTools()).tools).toHaveLength(6);
        const deal = env.seed.opportunities[0]!.salesforceId;
        const dry = await call(client, 'create_invoice', {
            connectionId: env.connectionId,
            opportunityId: deal
        });
        expect(dry.body).toMatchObject({ dryRun: true, preview: { held: false } });
        expect(await env.invoicesFor(deal)).toEqual([]);
        expect((await journalRows(reader.id)).map((row) => row.operation)).toEqual([
            'mcp.create_invoice'
        ]);
        await client.close();
        await server.close();
    });
});
