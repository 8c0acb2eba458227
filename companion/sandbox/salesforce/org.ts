import type { KeyObject } from 'node:crypto';

import type { DeliveryAttempt } from './delivery.ts';
import type { Faults } from './faults.ts';
import type { IdFactory } from './ids.ts';
import type { ApiUsage } from './limits.ts';
import type { EventBus } from './platform-events.ts';
import type { RecordStore } from './records.ts';
import { field } from './schema/field-builders.ts';
import type { ObjectDef, PicklistValue, Schema } from './schema/types.ts';
import type { QueryCursor } from './soql/cursors.ts';

/** A user of the simulated org; permission sets decide whether triggers are bypassed. */
export type OrgUser = { id: string; username: string; permissionSets: string[] };

/** Where the package's Queueable POSTs events, as the org's Named Credential would say. */
export type CompanionTarget = { url: string; connectionId: string; secret: string };

export type Org = {
    id: string;
    name: string;
    schema: Schema;
    multiCurrency: boolean;
    corporateCurrency: string;
    store: RecordStore;
    users: Map<string, OrgUser>;
    /** The user the companion signs in as (holds Closebooks_Integration). */
    integrationUserId: string;
    /** A normal user: the default actor of seeding and control-surface writes. */
    adminUserId: string;
    /**
     * The connected app. With refresh-token rotation enabled, each refresh answers a new
     * refresh token and the one it used stops working (reference §A.1).
     */
    client: {
        clientId: string;
        clientSecret: string;
        rotateRefreshTokens: boolean;
        /** The certificate uploaded for the JWT bearer flow; unset: the flow is refused. */
        jwtKey: KeyObject | undefined;
    };
    companion: CompanionTarget | undefined;
    usage: ApiUsage;
    faults: Faults;
    deliveries: DeliveryAttempt[];
    cursors: Map<string, QueryCursor>;
    bus: EventBus;
    newId: IdFactory;
    /** Auto-number sequences (CaseNumber, QuoteNumber, custom AutoNumber names). */
    counters: Map<string, number>;
};

/** The custom permission the package's TriggerHandler checks (TriggerHandler.cls). */
const BYPASS_PERMISSION = 'Closebooks_Bypass_Automation';
/** The permission set the integration user holds. */
export const INTEGRATION_PERMISSION_SET = 'Closebooks_Integration';

/** Whether the package's automation ignores this user's changes (echo suppression). */
export function bypassesAutomation(org: Org, userId: string): boolean {
    const user = org.users.get(userId);
    if (!user) return false;
    return user.permissionSets.some((name) =>
        (org.schema.permissionSets.get(name) ?? []).includes(BYPASS_PERMISSION)
    );
}

const NO_CURRENCY = new Set([
    'CurrencyType',
    'DatedConversionRate',
    'OpportunityStage',
    'Organization'
]);

/**
 * The schema an org sees: with multi-currency on, every data object gains `CurrencyIsoCode`
 * (reference §G.6); without it, the field does not exist at all.
 */
export function orgSchema(base: Schema, multiCurrency: boolean): Schema {
    if (!multiCurrency) return base;
    const objects = new Map<string, ObjectDef>();
    for (const [key, object] of base.objects) {
        const fields = new Map(object.fields);
        if (!NO_CURRENCY.has(object.name) && object.kind !== 'metadata' && object.kind !== 'event')
            fields.set(
                'currencyisocode',
                field('CurrencyIsoCode', 'picklist', {
                    label: `${object.label} Currency`,
                    length: 3,
                    restrictedPicklist: true,
                    picklistValues: []
                })
            );
        objects.set(key, { ...object, fields });
    }
    return { ...base, objects };
}

/**
 * Picklist values that live in org data rather than metadata: opportunity stages come from
 * OpportunityStage records and currencies from active CurrencyType records.
 */
export function picklistValuesFor(
    org: Org,
    object: string,
    fieldName: string,
    declared: PicklistValue[] | undefined
): PicklistValue[] {
    const entry = (value: string, defaultValue = false) => ({
        value,
        label: value,
        active: true,
        defaultValue
    });
    if (object === 'Opportunity' && fieldName === 'StageName')
        return org.store
            .all('OpportunityStage')
            .filter((stage) => stage.IsActive === true)
            .sort((a, b) => Number(a.SortOrder) - Number(b.SortOrder))
            .map((stage) => entry(String(stage.ApiName)));
    if (fieldName === 'CurrencyIsoCode')
        return org.store
            .all('CurrencyType')
            .filter((currency) => currency.IsActive === true)
            .map((currency) => entry(String(currency.IsoCode), currency.IsCorporate === true));
    return declared ?? [];
}

/** The stage definitions, for triggers and derived fields. */
export function stageByName(org: Org, stageName: unknown) {
    return org.store.all('OpportunityStage').find((stage) => stage.ApiName === stageName);
}
