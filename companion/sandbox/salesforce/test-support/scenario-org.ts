import { type SObjectRecord, Transaction } from '../records.ts';
import type { SalesforceSandbox } from '../salesforce-sandbox.ts';
import { formatLabel } from '../sync-status.ts';
import type {
    ExpectedMessage,
    ScenarioTable,
    ScenarioValue,
    TriggerScenario
} from './trigger-scenarios.ts';

type Settings = ScenarioTable['defaults']['settings'];
type Setup = TriggerScenario['setup'];

/**
 * One org set up as a scenario of the trigger table says: the settings and the mapping rules
 * (replacing the ones the package ships), the setup records seeded by the integration user (so
 * the package sleeps through them), one copy per unit. Refs of unit `u` are stored as `ref#u`.
 */
export function scenarioOrg(
    sandbox: SalesforceSandbox,
    table: ScenarioTable,
    scenario: { settings?: Settings | undefined; setup: Setup },
    units = 1
) {
    const orgId = sandbox.createOrg().org_id;
    const org = sandbox.org(orgId);
    sandbox.deployMetadata(orgId, 'Closebooks_Setting__mdt', 'Default', {
        ...table.defaults.settings,
        ...scenario.settings
    });
    for (const rule of org.store.all('Closebooks_Field_Mapping__mdt'))
        org.store.remove(
            new Transaction(),
            'Closebooks_Field_Mapping__mdt',
            rule.Id,
            org.adminUserId
        );
    for (const rule of table.defaults.mappings)
        sandbox.deployMetadata(
            orgId,
            'Closebooks_Field_Mapping__mdt',
            `${rule.object}_${rule.field}`,
            {
                Source_Object__c: rule.object,
                Source_Field__c: rule.field,
                Target_Object__c: 'zoho_contact',
                Target_Field__c: rule.field.toLowerCase(),
                Direction__c: rule.direction,
                Field_Owner__c: 'Salesforce',
                Is_Active__c: rule.active
            }
        );
    const integration = org.users.get(org.integrationUserId)!.username;
    const stages = sandbox.records(orgId, 'OpportunityStage').filter((s) => s.IsActive === true);
    const byOrder = (a: SObjectRecord, b: SObjectRecord) =>
        Number(a.SortOrder) - Number(b.SortOrder);
    const ids: Record<string, string> = {};
    let pricebookEntry: string | undefined;
    const tokens: Record<string, () => unknown> = {
        openStage: () => stages.filter((s) => s.IsClosed !== true).sort(byOrder)[0]!.ApiName,
        wonStage: () => stages.find((s) => s.IsWon === true)!.ApiName,
        closeDate: () => new Date(sandbox.clock.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        standardPricebook: () =>
            sandbox.records(orgId, 'Pricebook2').find((p) => p.IsStandard === true)!.Id,
        pricebookEntry: () => {
            pricebookEntry ??= sandbox.seed(orgId, {
                as: integration,
                records: [
                    {
                        object: 'Product2',
                        ref: 'p',
                        fields: { Name: 'Parity product', IsActive: true }
                    },
                    {
                        object: 'PricebookEntry',
                        ref: 'e',
                        fields: {
                            Product2Id: { ref: 'p' },
                            Pricebook2Id: { ref: 'standardPricebook' },
                            UnitPrice: 100,
                            IsActive: true
                        }
                    }
                ]
            }).ids.e!;
            return pricebookEntry;
        }
    };
    const idOf = (ref: string, unit: number) => {
        const id = ids[`${ref}#${unit}`];
        if (!id) throw new Error(`the scenario names an unknown record: ${ref}`);
        return id;
    };
    const value = (raw: ScenarioValue, unit: number): unknown => {
        if (raw !== null && typeof raw === 'object')
            return 'ref' in raw ? idOf(raw.ref, unit) : tokens[raw.token]!();
        return raw;
    };
    const fieldsOf = (fields: Record<string, ScenarioValue>, unit: number) =>
        Object.fromEntries(Object.entries(fields).map(([name, raw]) => [name, value(raw, unit)]));
    /** Inserts one entry per unit in one statement, as `as` (default: the integration user). */
    const insert = (entries: Setup, as = integration) => {
        for (const entry of entries) {
            const records = Array.from({ length: units }, (_, unit) => ({
                object: entry.object,
                ...(entry.ref ? { ref: `${entry.ref}#${unit}` } : {}),
                fields: fieldsOf(entry.fields, unit)
            }));
            Object.assign(ids, sandbox.seed(orgId, { as, records }).ids);
        }
    };
    insert(scenario.setup);
    const expectedMessage = (message: ExpectedMessage) =>
        message === null || typeof message === 'string'
            ? message
            : formatLabel(org, message.label, message.args);
    return { orgId, org, integration, idOf, fieldsOf, insert, expectedMessage };
}
