import { z } from 'zod';

import { connectionOf, connectionOption, type Command } from '../command.ts';
import { table } from '../output.ts';

const reportSchema = z.looseObject({
    since: z.string(),
    organizationId: z.string(),
    summary: z.object({
        zohoInvoices: z.number(),
        mirrors: z.number(),
        matching: z.number(),
        differing: z.number(),
        missingInZoho: z.number(),
        missingInSalesforce: z.number(),
        brokenDealLinks: z.number(),
        accountsDiffering: z.number()
    }),
    invoices: z.array(
        z.looseObject({
            kind: z.string(),
            zohoInvoiceId: z.string(),
            invoiceNumber: z.string().nullable(),
            opportunityId: z.string().nullable(),
            differences: z.array(
                z.object({
                    figure: z.string(),
                    salesforce: z.number().nullable(),
                    zoho: z.number()
                })
            )
        })
    )
});

/** `closebooks reconcile [--since YYYY-MM-DD]`: Salesforce's invoice figures against Zoho's. */
export const reconcileCommand: Command = {
    usage: 'reconcile [--since YYYY-MM-DD] [--connection <id>]  compare both sides',
    options: { since: { type: 'string' }, ...connectionOption },
    async run(ctx) {
        const connection = await connectionOf(ctx);
        const query =
            typeof ctx.flags.since === 'string'
                ? `?since=${encodeURIComponent(ctx.flags.since)}`
                : '';
        const progress = ctx.output.progress(0, 'reading both sides');
        const report = await ctx.client.get(
            `/connections/${encodeURIComponent(connection)}/reconciliation${query}`,
            reportSchema
        );
        progress.done();
        ctx.output.result(report, () => {
            const s = report.summary;
            return [
                `Zoho organization ${report.organizationId}, invoices since ${report.since}:`,
                `  ${s.zohoInvoices} in Zoho, ${s.mirrors} mirrored in Salesforce; ${s.matching} match, ${s.differing} differ, ` +
                    `${s.missingInZoho} missing in Zoho, ${s.missingInSalesforce} missing in Salesforce, ${s.brokenDealLinks} broken deal links; ` +
                    `${s.accountsDiffering} accounts differ`,
                ...(report.invoices.length
                    ? table([
                          ['  invoice', 'deal', 'finding', 'figures (Salesforce → Zoho)'],
                          ...report.invoices.map((i) => [
                              `  ${i.invoiceNumber ?? i.zohoInvoiceId}`,
                              i.opportunityId ?? '-',
                              i.kind,
                              i.differences
                                  .map((d) => `${d.figure} ${d.salesforce ?? '-'} → ${d.zoho}`)
                                  .join('; ')
                          ])
                      ])
                    : [])
            ];
        });
        return 0;
    }
};
