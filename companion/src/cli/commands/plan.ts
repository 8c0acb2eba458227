import { z } from 'zod';

import { connectionOf, connectionOption, type Command } from '../command.ts';
import { usageError } from '../exit-codes.ts';
import { table } from '../output.ts';

const previewSchema = z.object({
    plan: z.discriminatedUnion('kind', [
        z.looseObject({
            kind: z.literal('ready'),
            opportunityId: z.string(),
            accountName: z.string(),
            currencyCode: z.string(),
            lines: z.array(
                z.looseObject({
                    productName: z.string(),
                    body: z.looseObject({ quantity: z.number(), rate: z.number() })
                })
            ),
            expected: z.object({
                subTotal: z.number(),
                discountTotal: z.number(),
                taxTotal: z.number(),
                total: z.number()
            })
        }),
        z.looseObject({
            kind: z.literal('held'),
            opportunityId: z.string(),
            reasons: z.array(z.string())
        })
    ]),
    request: z.record(z.string(), z.unknown()).nullable(),
    writeback: z.array(z.looseObject({ op: z.string(), sobject: z.string() }))
});

/** `closebooks plan <opportunity-id>`: the dry run of the invoice a deal would make. */
export const planCommand: Command = {
    usage: 'plan <opportunity-id> [--connection <id>]  dry run of the invoice a deal would make',
    options: connectionOption,
    async run(ctx) {
        const [opportunityId] = ctx.args;
        if (!opportunityId) throw usageError('plan needs an Opportunity id (006…)');
        const connection = await connectionOf(ctx);
        const preview = await ctx.client.send(
            'POST',
            `/connections/${encodeURIComponent(connection)}/invoices/preview`,
            previewSchema,
            { opportunityId }
        );
        ctx.output.result(preview, () => {
            const { plan } = preview;
            if (plan.kind === 'held')
                return [
                    `${plan.opportunityId} would be held:`,
                    ...plan.reasons.map((r) => `  - ${r}`)
                ];
            const money = (n: number) => n.toFixed(2);
            return [
                `${plan.opportunityId} would be invoiced to ${plan.accountName} in ${plan.currencyCode}:`,
                ...table([
                    ['  item', 'quantity', 'rate'],
                    ...plan.lines.map((l) => [
                        `  ${l.productName}`,
                        String(l.body.quantity),
                        money(l.body.rate)
                    ])
                ]),
                `  sub total ${money(plan.expected.subTotal)}  discount ${money(plan.expected.discountTotal)}  tax ${money(plan.expected.taxTotal)}  total ${money(plan.expected.total)}`,
                `  then written back to Salesforce: ${preview.writeback.map((w) => `${w.op} ${w.sobject}`).join(', ')}`,
                'nothing was written'
            ];
        });
        return 0;
    }
};
