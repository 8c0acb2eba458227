import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { z } from 'zod';

import { eventTypeSchema } from '../../../src/contracts/salesforce-events.ts';

/**
 * The package's trigger scenario table (a StaticResource the Apex parity test reads too), parsed
 * strictly so a scenario this runner would not understand fails instead of passing vacuously.
 */
export const SCENARIO_FILE = resolve(
    import.meta.dirname,
    '../../../../force-app/main/default/staticresources/Closebooks_Trigger_Scenarios.json'
);

const refSchema = z.strictObject({ ref: z.string().min(1) });
const tokenSchema = z.strictObject({
    token: z.enum(['openStage', 'wonStage', 'closeDate', 'standardPricebook', 'pricebookEntry'])
});
const valueSchema = z.union([
    refSchema,
    tokenSchema,
    z.string(),
    z.number(),
    z.boolean(),
    z.null()
]);
const fieldsSchema = z.record(z.string(), valueSchema);
export type ScenarioValue = z.infer<typeof valueSchema>;

const settingsSchema = z.strictObject({
    Invoice_Flow_Enabled__c: z.boolean().optional(),
    Customer_Sync_Enabled__c: z.boolean().optional(),
    Invoice_Trigger__c: z.enum(['Closed_Won', 'Quote_Accepted']).optional(),
    Max_Notify_Attempts__c: z.number().int().optional()
});

const messageSchema = z.union([
    z.null(),
    z.string(),
    z.strictObject({
        label: z.string(),
        args: z.array(z.union([z.string(), z.number()])).optional()
    })
]);
export type ExpectedMessage = z.infer<typeof messageSchema>;

const statusSchema = z.strictObject({
    Closebooks_Sync_Status__c: z.enum(['Pending', 'Synced', 'Held', 'Failed']).nullable(),
    Closebooks_Sync_Message__c: messageSchema
});
const recordsSchema = z.record(z.string(), statusSchema);

const setupSchema = z.array(
    z.strictObject({
        ref: z.string().min(1).optional(),
        object: z.string().min(1),
        fields: fieldsSchema
    })
);

const eventSchema = z.strictObject({
    type: eventTypeSchema,
    record: z.string().min(1),
    changedFields: z.array(z.string()).optional()
});

const triggerScenarioSchema = z.strictObject({
    name: z.string().min(1),
    settings: settingsSchema.optional(),
    units: z.number().int().min(1).optional(),
    setup: setupSchema,
    change: z.strictObject({
        op: z.enum(['insert', 'update']),
        object: z.string().min(1),
        as: z.literal('integration').optional(),
        /** false: a partial-success save (only `update` is run so by the simulator's runner). */
        allOrNone: z.literal(false).optional(),
        records: z.array(z.strictObject({ ref: z.string().min(1), fields: fieldsSchema })).min(1)
    }),
    expect: z.strictObject({
        events: z.array(eventSchema),
        batchSizes: z.array(z.number().int().min(1).max(200)).optional(),
        records: recordsSchema.optional()
    })
});
export type TriggerScenario = z.infer<typeof triggerScenarioSchema>;

const deliveryScenarioSchema = z.strictObject({
    name: z.string().min(1),
    settings: settingsSchema.optional(),
    setup: setupSchema,
    event: eventSchema,
    answers: z
        .array(
            z.union([
                z.strictObject({ status: z.number().int(), body: z.string() }),
                z.strictObject({ status: z.null(), error: z.string() })
            ])
        )
        .min(1),
    expect: z.strictObject({
        attempts: z
            .array(
                z.strictObject({
                    atMinute: z.number().int().min(0),
                    delivered: z.boolean(),
                    records: recordsSchema,
                    /** What the companion writes back after this attempt, before the next. */
                    companionWrites: recordsSchema.optional()
                })
            )
            .min(1)
    })
});
export type DeliveryScenario = z.infer<typeof deliveryScenarioSchema>;

const tableSchema = z.strictObject({
    description: z.string(),
    eventId: z.string(),
    maxEventsPerCall: z.number().int(),
    defaults: z.strictObject({
        settings: settingsSchema,
        mappings: z.array(
            z.strictObject({
                object: z.string(),
                field: z.string(),
                direction: z.enum(['Salesforce_To_Zoho', 'Zoho_To_Salesforce', 'Both']),
                active: z.boolean()
            })
        )
    }),
    triggerScenarios: z.array(triggerScenarioSchema).min(1),
    deliveryScenarios: z.array(deliveryScenarioSchema).min(1)
});
export type ScenarioTable = z.infer<typeof tableSchema>;

export function loadScenarioTable(): ScenarioTable {
    return tableSchema.parse(JSON.parse(readFileSync(SCENARIO_FILE, 'utf8')));
}
