import { z } from 'zod';

/**
 * What each tool answers (`structuredContent`), declared as its MCP output schema: the SDK
 * checks every successful answer against it before it leaves, and clients may check it again.
 */
const preview = z.union([
    z.strictObject({ held: z.literal(true), reasons: z.array(z.string()) }),
    z.strictObject({
        held: z.literal(false),
        customerName: z.string(),
        currencyCode: z.string(),
        subTotal: z.number(),
        taxTotal: z.number(),
        total: z.number(),
        warnings: z.array(z.string()),
        request: z.record(z.string(), z.unknown()).nullable()
    })
]);

export const outputs = {
    find_customer: {
        customers: z.array(
            z.strictObject({
                zohoContactId: z.string(),
                name: z.string(),
                email: z.string().nullable(),
                salesforceAccountId: z.string().nullable()
            })
        )
    },
    get_account_balance: {
        accountId: z.string(),
        zohoContactId: z.string(),
        name: z.string(),
        currencyCode: z.string().nullable(),
        outstandingReceivable: z.string(),
        unusedCredits: z.string()
    },
    list_overdue_invoices: {
        invoices: z.array(
            z.strictObject({
                invoiceId: z.string(),
                invoiceNumber: z.string(),
                customerName: z.string().nullable(),
                dueDate: z.string().nullable(),
                currencyCode: z.string(),
                total: z.string(),
                balance: z.string()
            })
        )
    },
    preview_invoice: { preview },
    create_invoice: {
        dryRun: z.boolean(),
        wouldDo: z.string().optional(),
        preview: preview.optional(),
        queued: z.strictObject({ jobId: z.string(), kind: z.string() }).optional()
    },
    record_follow_up: {
        dryRun: z.boolean(),
        wouldDo: z.string().optional(),
        taskId: z.string().optional(),
        ownerId: z.string().optional()
    }
} as const;
