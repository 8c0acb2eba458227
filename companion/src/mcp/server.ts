import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { outputs } from './outputs.ts';
import { guardedCall, type GuardDeps, type McpCaller } from './guard.ts';
import {
    accountBalance,
    findCustomer,
    followUpTask,
    overdueInvoices,
    requestInvoice,
    type McpToolDeps
} from './tools.ts';

export type McpDeps = McpToolDeps & GuardDeps;

const connectionId = z.string().min(1).max(100).describe('The companion connection id');
const accountId = z
    .string()
    .regex(/^001[A-Za-z0-9]{15}$/, 'an 18-character Account id')
    .describe('A Salesforce Account id (18 characters)');
const opportunityId = z
    .string()
    .regex(/^006[A-Za-z0-9]{15}$/, 'an 18-character Opportunity id')
    .describe('A Salesforce Opportunity id (18 characters)');
const confirm = z
    .boolean()
    .optional()
    .describe('true to do it (needs the mcp:write scope); otherwise a dry run that writes nothing');

/** The tools: each a small zod-typed door onto an existing flow or client. */
export function createMcpServer(deps: McpDeps, caller: McpCaller): McpServer {
    const server = new McpServer({ name: 'closebooks', version: '1' });
    const read = { readOnlyHint: true, openWorldHint: true };

    server.registerTool(
        'find_customer',
        {
            description:
                'Finds Zoho Books customers by name, e-mail or Zoho contact id, with the Salesforce Account each is linked to.',
            outputSchema: outputs.find_customer,
            inputSchema: { connectionId, query: z.string().min(2).max(200) },
            annotations: read
        },
        (args) =>
            guardedCall(deps, caller, {
                tool: 'find_customer',
                target: 'zoho',
                scope: 'mcp:read',
                connectionId: args.connectionId,
                args,
                run: async () => ({
                    data: { customers: await findCustomer(deps, args.connectionId, args.query) }
                })
            })
    );

    server.registerTool(
        'get_account_balance',
        {
            description:
                "A Salesforce Account's balance in Zoho Books: what its customer owes, and unused credits.",
            outputSchema: outputs.get_account_balance,
            inputSchema: { connectionId, accountId },
            annotations: read
        },
        (args) =>
            guardedCall(deps, caller, {
                tool: 'get_account_balance',
                target: 'zoho',
                scope: 'mcp:read',
                connectionId: args.connectionId,
                args,
                run: async () => ({
                    data: await accountBalance(deps, args.connectionId, args.accountId),
                    subject: args.accountId
                })
            })
    );

    server.registerTool(
        'list_overdue_invoices',
        {
            description:
                "Zoho Books' overdue invoices (the first 200), of one Account's customer when accountId is given.",
            outputSchema: outputs.list_overdue_invoices,
            inputSchema: { connectionId, accountId: accountId.optional() },
            annotations: read
        },
        (args) =>
            guardedCall(deps, caller, {
                tool: 'list_overdue_invoices',
                target: 'zoho',
                scope: 'mcp:read',
                connectionId: args.connectionId,
                args,
                run: async () => ({
                    data: {
                        invoices: await overdueInvoices(deps, args.connectionId, args.accountId)
                    }
                })
            })
    );

    server.registerTool(
        'preview_invoice',
        {
            description:
                'The invoice flow dry run for one deal: the Zoho invoice it would create and its totals, or why the deal is held. Writes nothing.',
            outputSchema: outputs.preview_invoice,
            inputSchema: { connectionId, opportunityId },
            annotations: read
        },
        (args) =>
            guardedCall(deps, caller, {
                tool: 'preview_invoice',
                target: 'zoho',
                scope: 'mcp:read',
                connectionId: args.connectionId,
                args,
                run: async () => ({
                    data: {
                        preview: await previewData(deps, args.connectionId, args.opportunityId)
                    },
                    subject: args.opportunityId
                })
            })
    );

    server.registerTool(
        'create_invoice',
        {
            description:
                'Invoices a deal in Zoho Books through the invoice flow, as "Create invoice" in Salesforce does. A dry run unless confirm is true.',
            outputSchema: outputs.create_invoice,
            inputSchema: { connectionId, opportunityId, confirm },
            annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true }
        },
        (args) =>
            guardedCall(deps, caller, {
                tool: 'create_invoice',
                target: 'zoho',
                scope: args.confirm === true ? 'mcp:write' : 'mcp:read',
                connectionId: args.connectionId,
                args,
                run: async (callId) => {
                    if (args.confirm !== true)
                        return {
                            dryRun: true,
                            subject: args.opportunityId,
                            data: {
                                wouldDo: `queue a zoho.invoice.create job for Opportunity ${args.opportunityId}; call again with confirm: true to do it`,
                                preview: await previewData(
                                    deps,
                                    args.connectionId,
                                    args.opportunityId
                                )
                            }
                        };
                    const queued = await requestInvoice(deps, {
                        connectionId: args.connectionId,
                        opportunityId: args.opportunityId,
                        callId,
                        correlationId: caller.correlationId
                    });
                    return { dryRun: false, subject: args.opportunityId, data: { queued } };
                }
            })
    );

    server.registerTool(
        'record_follow_up',
        {
            description:
                'Records a follow-up Task on a Salesforce Account for its owner. A dry run unless confirm is true.',
            outputSchema: outputs.record_follow_up,
            inputSchema: {
                connectionId,
                accountId,
                subject: z.string().min(1).max(255),
                description: z.string().max(32_000).optional(),
                confirm
            },
            annotations: { destructiveHint: false, openWorldHint: true }
        },
        (args) =>
            guardedCall(deps, caller, {
                tool: 'record_follow_up',
                target: 'salesforce',
                scope: args.confirm === true ? 'mcp:write' : 'mcp:read',
                connectionId: args.connectionId,
                args,
                run: async () => {
                    const task = {
                        connectionId: args.connectionId,
                        accountId: args.accountId,
                        subject: args.subject,
                        ...(args.description ? { description: args.description } : {})
                    };
                    if (args.confirm !== true)
                        return {
                            dryRun: true,
                            subject: args.accountId,
                            data: {
                                wouldDo: `create a Task "${args.subject}" on Account ${args.accountId} for its owner; call again with confirm: true to do it`
                            }
                        };
                    return {
                        dryRun: false,
                        subject: args.accountId,
                        data: await followUpTask(deps, task)
                    };
                }
            })
    );
    return server;
}

async function previewData(deps: McpDeps, connection: string, opportunity: string) {
    const { plan, request } = await deps.invoicePreview(connection, opportunity);
    if (plan.kind === 'held') return { held: true, reasons: plan.reasons };
    return {
        held: false,
        customerName: plan.accountName,
        currencyCode: plan.currencyCode,
        subTotal: plan.expected.subTotal,
        taxTotal: plan.expected.taxTotal,
        total: plan.expected.total,
        warnings: plan.warnings,
        request
    };
}
