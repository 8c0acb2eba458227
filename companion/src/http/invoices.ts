import { Hono } from 'hono';
import { z } from 'zod';

import type { Keyring } from '../security/vault.ts';
import type { Db } from '../store/db.ts';
import type { WritebackRecord } from '../store/writebacks.ts';
import type { InvoicePlan } from '../sync/invoice/plan.ts';
import type { InvoiceInput } from '../zoho/resources/invoices.ts';
import { requireConnection, type ConnectionEnv } from './connection-auth.ts';
import { errorBody } from './errors.ts';

export type InvoicePreview = (
    connectionId: string,
    opportunityId: string
) => Promise<{ plan: InvoicePlan; request: InvoiceInput | null; writeback: WritebackRecord[] }>;

const previewSchema = z.strictObject({
    opportunityId: z.string().regex(/^006[A-Za-z0-9]{15}$/, 'an 18-character Opportunity id')
});

/**
 * `/v1/invoices`, called by the package through its Named Credential. `POST /preview` is the
 * dry run of the invoice flow for one deal: what would be sent to Zoho and what it would total,
 * or why the deal would be held. Nothing is written anywhere.
 */
export function invoiceRoutes(deps: {
    db: Db;
    keyring: Keyring;
    invoicePreview?: InvoicePreview | undefined;
}) {
    return new Hono<ConnectionEnv>().use(requireConnection(deps)).post('/preview', async (c) => {
        const body = previewSchema.safeParse(await c.req.json().catch(() => undefined));
        if (!body.success)
            return c.json(
                errorBody(
                    'validation_failed',
                    'the body must be {"opportunityId": "006…"} (18 characters)'
                ),
                400
            );
        if (!deps.invoicePreview)
            return c.json(errorBody('unavailable', 'the invoice flow is not running'), 503);
        const { plan, request } = await deps.invoicePreview(
            c.get('connection').id,
            body.data.opportunityId
        );
        if (plan.kind === 'held')
            return c.json({
                held: true,
                customerName: null,
                currencyCode: null,
                lineItems: [],
                subTotal: null,
                taxTotal: null,
                total: null,
                warnings: plan.reasons,
                request: null
            });
        return c.json({
            held: false,
            customerName: plan.accountName,
            currencyCode: plan.currencyCode,
            lineItems: plan.lines.map((line, i) => ({
                name: line.productName,
                quantity: line.body.quantity,
                rate: line.body.rate,
                amount: plan.expected.lineTotals[i]
            })),
            subTotal: plan.expected.subTotal,
            discountTotal: plan.expected.discountTotal,
            taxTotal: plan.expected.taxTotal,
            total: plan.expected.total,
            warnings: plan.warnings,
            request
        });
    });
}
