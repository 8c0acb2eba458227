import { findObject, findPackageField } from '../salesforce/schema/types.ts';
import { SyncStatus } from '../salesforce/sync-status.ts';
import { callout, type ApexContext, type ApexMethod } from './callout.ts';

/** The sync status field on the objects the package syncs. */
const STATUS_FIELD = 'Closebooks_Sync_Status__c';
/** ClosebooksHealthController: the objects whose records carry a sync status, in panel order. */
const SYNCED_OBJECTS = ['Opportunity', 'Account', 'Contact'] as const;
/** ClosebooksHealthController: the package's permission sets, in panel order. */
const PERMISSION_SETS = ['Closebooks_Admin', 'Closebooks_User', 'Closebooks_Integration'] as const;
/** Where the companion answers its Salesforce sign-in (ClosebooksSalesforceController). */
const SALESFORCE_PATH = '/v1/package/salesforce';
/** A rule without an order sorts last (ClosebooksMetadataSelector.MappingOrder). */
const NO_ORDER = 1_000_000;

/** A `Closebooks_Field_Mapping__mdt` record as `ClosebooksMappingRule` carries it to the page. */
function mappingRule(r: Record<string, unknown>) {
    return {
        developerName: r.DeveloperName,
        label: r.MasterLabel,
        sourceObject: r.Source_Object__c,
        sourceField: r.Source_Field__c,
        targetObject: r.Target_Object__c,
        targetField: r.Target_Field__c,
        direction: r.Direction__c,
        fieldOwner: r.Field_Owner__c,
        condition: r.Condition__c,
        transform: r.Transform__c,
        isActive: r.Is_Active__c === true,
        sortOrder: r.Sort_Order__c
    };
}

/** ClosebooksMetadataSelector.fieldMappings: by sort order (empty last), then developer name. */
export function orderedRules(ctx: ApexContext) {
    const order = (r: Record<string, unknown>) =>
        typeof r.Sort_Order__c === 'number' ? r.Sort_Order__c : NO_ORDER;
    const name = (r: Record<string, unknown>) => String(r.DeveloperName ?? '');
    return [...ctx.salesforce.records(ctx.orgId, 'Closebooks_Field_Mapping__mdt')]
        .sort((a, b) =>
            order(a) !== order(b)
                ? order(a) - order(b)
                : name(a) < name(b)
                  ? -1
                  : name(a) > name(b)
                    ? 1
                    : 0
        )
        .map(mappingRule);
}

/** ClosebooksHealthController.countProblems: Held and Failed records of each synced object. */
function syncCounts(ctx: ApexContext) {
    const org = ctx.salesforce.org(ctx.orgId);
    return SYNCED_OBJECTS.flatMap((objectName) => {
        const object = findObject(org.schema, objectName);
        if (!object || !findPackageField(org.schema, object, STATUS_FIELD)) return [];
        // The control surface answers records by the package's local names.
        const statuses = ctx.salesforce.records(ctx.orgId, objectName).map((r) => r[STATUS_FIELD]);
        return [
            {
                objectName: object.name,
                objectLabel: object.labelPlural,
                held: statuses.filter((s) => s === SyncStatus.held).length,
                failed: statuses.filter((s) => s === SyncStatus.failed).length
            }
        ];
    });
}

/**
 * ClosebooksHealthController.permissionSetUse: the package's permission sets the org has, with
 * how many users hold each (the simulator's users are all active). The simulator keeps no
 * permission set labels; the package's labels are their names with spaces (permissionsets/).
 */
function permissionSetUse(ctx: ApexContext) {
    const org = ctx.salesforce.org(ctx.orgId);
    const users = [...org.users.values()];
    return PERMISSION_SETS.filter((name) => org.schema.permissionSets.has(name)).map((name) => ({
        name,
        label: name.replaceAll('_', ' '),
        assignees: users.filter((u) => u.permissionSets.includes(name)).length
    }));
}

/**
 * The read methods of the setup page's parts, as their Apex answers them against the simulated
 * org; their write methods (saveRule, moveRule, startSalesforceConnection…) are not simulated.
 */
export const SETUP_PART_METHODS: Record<string, ApexMethod> = {
    'ClosebooksMappingController.getRules': (_params, ctx) => orderedRules(ctx),
    'ClosebooksHealthController.getHealth': (_params, ctx) => ({
        syncCounts: syncCounts(ctx),
        permissionSets: permissionSetUse(ctx),
        // The console's org calls its companion through a filled-in credential (sandbox mode).
        credentialStatus: ctx.salesforce.org(ctx.orgId).companion ? 'Configured' : 'NotConfigured'
    }),
    'ClosebooksSalesforceController.getSalesforceConnection': async (_params, ctx) => {
        const answer = await callout(ctx, 'GET', SALESFORCE_PATH);
        const orgId = answer.orgId;
        return {
            ...answer,
            thisOrg: typeof orgId === 'string' && orgId.slice(0, 15) === ctx.orgId.slice(0, 15)
        };
    }
};
