import { z } from 'zod';

import type { MappingRule } from './rules.ts';

/** Every rule, in the order the engine applies them (the engine sorts again, so order is a nicety). */
export const MAPPING_RULES_QUERY =
    'SELECT DeveloperName, Source_Object__c, Source_Field__c, Target_Object__c, Target_Field__c, ' +
    'Direction__c, Field_Owner__c, Condition__c, Transform__c, Sort_Order__c, Is_Active__c ' +
    'FROM Closebooks_Field_Mapping__mdt ORDER BY Sort_Order__c, DeveloperName';

const name = z.string().trim().min(1);
/** Optional text: missing, null and blank all read as null. */
const optionalText = z
    .string()
    .nullish()
    .transform((t) => (t === null || t === undefined || !t.trim() ? null : t));

const mappingRecordSchema = z
    .looseObject({
        DeveloperName: name,
        Source_Object__c: name,
        Source_Field__c: name,
        Target_Object__c: name,
        Target_Field__c: name,
        Direction__c: z.enum(['Salesforce_To_Zoho', 'Zoho_To_Salesforce', 'Both']),
        Field_Owner__c: z.enum(['Salesforce', 'Zoho', 'Last_Write_Wins']).nullish(),
        Condition__c: optionalText,
        Transform__c: optionalText,
        Sort_Order__c: z.number().finite().nullish(),
        Is_Active__c: z.boolean()
    })
    .transform((r): MappingRule => ({
        name: r.DeveloperName,
        sourceObject: r.Source_Object__c,
        sourceField: r.Source_Field__c,
        targetObject: r.Target_Object__c,
        targetField: r.Target_Field__c,
        direction: r.Direction__c,
        fieldOwner: r.Field_Owner__c ?? null,
        condition: r.Condition__c,
        transform: r.Transform__c,
        sortOrder: r.Sort_Order__c ?? 0,
        active: r.Is_Active__c
    }));

function recordName(record: unknown, index: number): string {
    const developerName =
        typeof record === 'object' && record !== null && 'DeveloperName' in record
            ? record.DeveloperName
            : undefined;
    return typeof developerName === 'string' && developerName ? developerName : `#${index + 1}`;
}

/** Rows of MAPPING_RULES_QUERY → rules; a malformed row is rejected with the reason, not thrown. */
export function parseMappingRecords(records: unknown[]): {
    rules: MappingRule[];
    rejected: { name: string; reason: string }[];
} {
    const rules: MappingRule[] = [];
    const rejected: { name: string; reason: string }[] = [];
    records.forEach((record, index) => {
        const parsed = mappingRecordSchema.safeParse(record);
        if (parsed.success) rules.push(parsed.data);
        else
            rejected.push({
                name: recordName(record, index),
                reason: parsed.error.issues
                    .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
                    .join('; ')
            });
    });
    return { rules, rejected };
}
