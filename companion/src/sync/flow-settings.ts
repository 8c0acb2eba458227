import { z } from 'zod';

import type { Clock } from '../clock.ts';
import { compositeQueries } from '../salesforce/composite.ts';
import type { SalesforceClient } from '../salesforce/connection.ts';
import { soql } from '../salesforce/soql.ts';
import { createTtlCache } from '../ttl-cache.ts';

/**
 * The package settings of the money flows (F3, F4, F7), read from the `Default` record of
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
    /** Days after the due date before an invoice Zoho does not call overdue counts as such. */
    gracePeriodDays: number;
};

const rowSchema = z.looseObject({
    Payments_Flow_Enabled__c: z.boolean().nullish(),
    Revenue_Summary_Enabled__c: z.boolean().nullish(),
    Revenue_Summary_Schedule__c: z.string().nullish(),
    Collections_Flow_Enabled__c: z.boolean().nullish(),
    Collections_Record__c: z.enum(['Task', 'Case']).nullish(),
    Follow_Up_Offsets__c: z.string().nullish(),
    Grace_Period_Days__c: z.number().int().min(0).max(999).nullish()
});

export const DEFAULT_FLOW_SETTINGS: FlowSettings = {
    paymentsEnabled: true,
    revenueEnabled: true,
    revenueSchedule: null,
    collectionsEnabled: true,
    collectionsRecord: 'Task',
    followUpOffsets: null,
    gracePeriodDays: 0
};

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
        gracePeriodDays: row.Grace_Period_Days__c ?? 0
    };
}

export async function readFlowSettings(client: SalesforceClient): Promise<FlowSettings> {
    const [rows = []] = await compositeQueries(client, [
        soql`SELECT Payments_Flow_Enabled__c, Revenue_Summary_Enabled__c, Revenue_Summary_Schedule__c, Collections_Flow_Enabled__c, Collections_Record__c, Follow_Up_Offsets__c, Grace_Period_Days__c FROM Closebooks_Setting__mdt WHERE DeveloperName = ${'Default'}`
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
