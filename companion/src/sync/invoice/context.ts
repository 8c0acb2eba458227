import { z } from 'zod';

import type { Clock } from '../../clock.ts';
import { compositeQueries } from '../../salesforce/composite.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { Soql, soql } from '../../salesforce/soql.ts';
import { MAPPING_RULES_QUERY, parseMappingRecords } from '../mapping/load.ts';
import type { MappingRule } from '../mapping/rules.ts';
import type { InvoiceSettings } from './plan.ts';
import { createTtlCache } from '../../ttl-cache.ts';

/**
 * The package's configuration a connection's flows need: its mapping rules and its settings,
 * both custom metadata, read together in one composite call and kept for `ttlMs` (15 minutes:
 * custom metadata changes by deployment, rarely). "Resync" and the dry runs read them again at
 * once, so a fixed mapping applies on the next try.
 */
export type ConnectionContext = {
    rules: MappingRule[];
    settings: InvoiceSettings;
    rejectedRules: { name: string; reason: string }[];
};

const settingsSchema = z.looseObject({
    Invoice_Flow_Enabled__c: z.boolean().nullish(),
    Invoice_Trigger__c: z.enum(['Closed_Won', 'Quote_Accepted']).nullish(),
    Create_Missing_Items__c: z.boolean().nullish(),
    Exchange_Rate_Source__c: z.enum(['Zoho', 'Salesforce']).nullish(),
    Payment_Terms_Days__c: z.number().int().min(0).max(100).nullish(),
    Prices_Include_Tax__c: z.boolean().nullish()
});

/** When the org has no Default settings record, the package's shipped defaults apply. */
export const DEFAULT_SETTINGS: InvoiceSettings = {
    enabled: true,
    trigger: 'Closed_Won',
    createMissingItems: true,
    exchangeRateSource: 'Zoho',
    paymentTermsDays: null,
    pricesIncludeTax: false
};

export function parseSettings(rows: unknown[]): InvoiceSettings {
    if (rows.length === 0) return DEFAULT_SETTINGS;
    const s = settingsSchema.parse(rows[0]);
    return {
        enabled: s.Invoice_Flow_Enabled__c ?? DEFAULT_SETTINGS.enabled,
        trigger: s.Invoice_Trigger__c ?? DEFAULT_SETTINGS.trigger,
        createMissingItems: s.Create_Missing_Items__c ?? DEFAULT_SETTINGS.createMissingItems,
        exchangeRateSource: s.Exchange_Rate_Source__c ?? DEFAULT_SETTINGS.exchangeRateSource,
        paymentTermsDays: s.Payment_Terms_Days__c ?? null,
        pricesIncludeTax: s.Prices_Include_Tax__c ?? DEFAULT_SETTINGS.pricesIncludeTax
    };
}

const SETTINGS_QUERY = soql`SELECT DeveloperName, Invoice_Flow_Enabled__c, Invoice_Trigger__c, Create_Missing_Items__c, Exchange_Rate_Source__c, Payment_Terms_Days__c, Prices_Include_Tax__c FROM Closebooks_Setting__mdt WHERE DeveloperName = ${'Default'}`;

export async function readConnectionContext(client: SalesforceClient): Promise<ConnectionContext> {
    const [ruleRows = [], settingRows = []] = await compositeQueries(client, [
        new Soql(MAPPING_RULES_QUERY),
        SETTINGS_QUERY
    ]);
    const { rules, rejected } = parseMappingRecords(ruleRows);
    return { rules, settings: parseSettings(settingRows), rejectedRules: rejected };
}

/** Per connection, kept `ttlMs` (15 minutes) with single-flight loads; a failed load is not kept. */
export function createContextCache(deps: {
    clock: Clock;
    load: (connectionId: string) => Promise<ConnectionContext>;
    ttlMs?: number;
}) {
    return createTtlCache({ clock: deps.clock, load: deps.load, ttlMs: deps.ttlMs ?? 15 * 60_000 });
}
export type ContextCache = ReturnType<typeof createContextCache>;
