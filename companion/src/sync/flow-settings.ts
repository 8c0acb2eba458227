import { z } from 'zod';

import type { Clock } from '../clock.ts';
import { compositeQueries } from '../salesforce/composite.ts';
import type { SalesforceClient } from '../salesforce/connection.ts';
import { soql } from '../salesforce/soql.ts';
import { createTtlCache } from '../ttl-cache.ts';

/**
 * The package settings of the money flows (F3, F4, F7) and the customer sync (F2), read from the `Default` record of
 * `Closebooks_Setting__mdt` apart from the invoice flow's, so each flow reads only what it uses.
 */
export type FlowSettings = {
    paymentsEnabled: boolean;
    revenueEnabled: boolean;
    /** Five-field cron in UTC; null: the default (nightly). */
    revenueSchedule: string | null;
    collectionsEnabled: boolean;
    /** What an overdue invoice opens for its owner (`Collections_Record__c`). */
    collectionsRecord: 'Task' | 'Case';
    /** Days after the due date for follow-ups (`Follow_Up_Offsets__c`). */
    followUpOffsets: string | null;
    /** Whether accounts sync with Zoho customers (F2, `Customer_Sync_Enabled__c`). */
    customerSyncEnabled: boolean;
    /**
     * Which changed accounts become Zoho customers unasked (`Customer_Entry_Condition__c`, in the
     * mapping-rule condition syntax); null: only on first invoice or an explicit sync request.
     */
    customerEntryCondition: string | null;
    /** Days after the due date before an invoice Zoho does not call overdue counts as such. */
    gracePeriodDays: number;
    /** Days after the due date whose follow-up escalates (`Escalation_Offset_Days__c`); null: none. */
    escalationOffset: number | null;
    /** What the escalation creates (`Escalation_Record__c`). */
    escalationRecord: 'Manager_Task' | 'Case';
};

const rowSchema = z.looseObject({
    Payments_Flow_Enabled__c: z.boolean().nullish(),
    Revenue_Summary_Enabled__c: z.boolean().nullish(),
    Revenue_Summary_Schedule__c: z.string().nullish(),
    Collections_Flow_Enabled__c: z.boolean().nullish(),
    Collections_Record__c: z.enum(['Task', 'Case']).nullish(),
    Follow_Up_Offsets__c: z.string().nullish(),
    Customer_Sync_Enabled__c: z.boolean().nullish(),
    Customer_Entry_Condition__c: z.string().nullish(),
    Grace_Period_Days__c: z.number().nullish(),
    Escalation_Offset_Days__c: z.number().nullish(),
    Escalation_Record__c: z.enum(['Manager_Task', 'Case']).nullish()
});

export const DEFAULT_FLOW_SETTINGS: FlowSettings = {
    paymentsEnabled: true,
    revenueEnabled: true,
    revenueSchedule: null,
    collectionsEnabled: true,
    collectionsRecord: 'Task',
    followUpOffsets: null,
    customerSyncEnabled: true,
    customerEntryCondition: null,
    gracePeriodDays: 0,
    escalationOffset: null,
    escalationRecord: 'Manager_Task'
};

/** A day count the package allows (whole, `min` to 365); anything else counts as unset. */
function wholeDays(value: number | null | undefined, min: number): number | null {
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 365
        ? value
        : null;
}

function parseFlowSettings(rows: readonly unknown[]): FlowSettings {
    if (rows.length === 0) return DEFAULT_FLOW_SETTINGS;
    const row = rowSchema.parse(rows[0]);
    return {
        paymentsEnabled: row.Payments_Flow_Enabled__c ?? true,
        revenueEnabled: row.Revenue_Summary_Enabled__c ?? true,
        revenueSchedule: row.Revenue_Summary_Schedule__c?.trim() || null,
        collectionsEnabled: row.Collections_Flow_Enabled__c ?? true,
        collectionsRecord: row.Collections_Record__c ?? 'Task',
        followUpOffsets: row.Follow_Up_Offsets__c ?? null,
        customerSyncEnabled: row.Customer_Sync_Enabled__c ?? true,
        customerEntryCondition: row.Customer_Entry_Condition__c?.trim() || null,
        gracePeriodDays: wholeDays(row.Grace_Period_Days__c, 0) ?? 0,
        escalationOffset: wholeDays(row.Escalation_Offset_Days__c, 1),
        escalationRecord: row.Escalation_Record__c ?? 'Manager_Task'
    };
}

export async function readFlowSettings(client: SalesforceClient): Promise<FlowSettings> {
    const [rows = []] = await compositeQueries(client, [
        soql`SELECT Payments_Flow_Enabled__c, Revenue_Summary_Enabled__c, Revenue_Summary_Schedule__c, Collections_Flow_Enabled__c, Collections_Record__c, Follow_Up_Offsets__c, Customer_Sync_Enabled__c, Customer_Entry_Condition__c, Grace_Period_Days__c, Escalation_Offset_Days__c, Escalation_Record__c FROM Closebooks_Setting__mdt WHERE DeveloperName = ${'Default'}`
    ]);
    return parseFlowSettings(rows);
}

/** Per connection, kept `ttlMs` (15 minutes: custom metadata changes by deployment). */
export function createFlowSettingsCache(deps: {
    clock: Clock;
    load: (connectionId: string) => Promise<FlowSettings>;
    ttlMs?: number;
}): FlowSettingsCache {
    return createTtlCache({ clock: deps.clock, load: deps.load, ttlMs: deps.ttlMs ?? 15 * 60_000 });
}
export type FlowSettingsCache = { get(connectionId: string): Promise<FlowSettings> };
