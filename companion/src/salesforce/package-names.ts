import { z } from 'zod';

import { ConfigError } from '../errors.ts';

/** One object the package defines or extends, and the custom names the package gives it. */
export type PackageObject = {
    /** True when the package defines the object (a `__c`, `__e` or `__mdt`). */
    own: boolean;
    fields: string[];
    /** Lookup and master-detail relationship names on this object (`Account__r`). */
    relationships: string[];
    /** Child relationship names package lookups give this object (`Zoho_Invoices__r`). */
    childRelationships: string[];
};

/**
 * The package's own custom API names, as `npm run package-names` reads them from force-app
 * (`package-names.generated.ts`): what a subscriber org knows only under the namespace prefix.
 */
export type PackageNames = {
    /** The namespace registered in sfdx-project.json. */
    namespace: string;
    objects: Record<string, PackageObject>;
    /** Custom metadata records as `Type.Record` (the type without `__mdt`). */
    customMetadataRecords: string[];
};

/**
 * A namespace prefix as Salesforce allows it: 1–15 letters, digits and single underscores,
 * starting with a letter, not ending with `_`. Empty means an org where the package is not
 * namespaced (a scratch or developer org without the namespace).
 */
export const namespaceSchema = z
    .string()
    .regex(
        /^(?:[A-Za-z](?:[A-Za-z0-9]|_(?!_)){0,14})?$/,
        'must be 1-15 letters, digits or single underscores, starting with a letter, or empty'
    )
    .refine((value) => !value.endsWith('_'), 'must not end with an underscore');

/** Validates a namespace read from the environment or a caller; throws a ConfigError. */
export function parseNamespace(value: string, variable = 'namespace'): string {
    const parsed = namespaceSchema.safeParse(value);
    if (!parsed.success)
        throw new ConfigError(variable, parsed.error.issues[0]?.message ?? 'invalid namespace');
    return parsed.data;
}

/** Every custom name of the package (objects, fields, relationships), lower-cased → as written. */
export function packageNameIndex(names: PackageNames): Map<string, string> {
    const index = new Map<string, string>();
    for (const [objectName, object] of Object.entries(names.objects)) {
        if (object.own) index.set(objectName.toLowerCase(), objectName);
        for (const name of [
            ...object.fields,
            ...object.relationships,
            ...object.childRelationships
        ])
            index.set(name.toLowerCase(), name);
    }
    return index;
}
