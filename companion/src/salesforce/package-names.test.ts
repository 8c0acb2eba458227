import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { PACKAGE_NAMES_FILE, renderPackageNames } from '../../../scripts/export-package-names.ts';
import { PACKAGE_NAMES } from './package-names.generated.ts';
import { packageNameIndex, parseNamespace } from './package-names.ts';

describe('package names manifest', () => {
    it('matches force-app and sfdx-project.json (run `npm run package-names` after a change)', async () => {
        expect(await readFile(PACKAGE_NAMES_FILE, 'utf8')).toBe(await renderPackageNames());
    });

    it('carries the registered namespace, the package objects, fields and relationships', () => {
        expect(PACKAGE_NAMES.namespace).toBe('cbks');
        const index = packageNameIndex(PACKAGE_NAMES);
        for (const name of [
            'Zoho_Invoice__c',
            'Closebooks_Sync__e',
            'Closebooks_Field_Mapping__mdt',
            'Zoho_Invoice_Id__c',
            'Account__r',
            'Zoho_Invoices__r'
        ])
            expect(index.get(name.toLowerCase()), name).toBe(name);
        expect(index.has('opportunity')).toBe(false);
        expect(PACKAGE_NAMES.objects.Quote?.fields, 'from force-app-quotes').toContain(
            'Closebooks_Sync_Status__c'
        );
        expect(PACKAGE_NAMES.customMetadataRecords).toContain(
            'Closebooks_Field_Mapping.Account_Name'
        );
    });

    it.each(['cbks', 'ns_1', ''])('accepts the namespace %j', (value) => {
        expect(parseNamespace(value)).toBe(value);
    });

    it.each(['1ns', 'ns__x', 'ns_', 'a-b', 'abcdefghijklmnop'])(
        'refuses the namespace %j',
        (value) => {
            expect(() => parseNamespace(value, 'X')).toThrow(/^X: /);
        }
    );
});
