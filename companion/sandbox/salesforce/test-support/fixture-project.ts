import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

/**
 * A copy of the repository's `force-app` and `force-app-quotes` plus extra metadata files, for tests that need a field
 * the package does not define yet (e.g. an external id to upsert by). Paths are relative to
 * `force-app/main/default`.
 */
export function fixtureProject(extra: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'sf-sandbox-'));
    for (const packageDir of ['force-app', 'force-app-quotes'])
        cpSync(join(REPO_ROOT, packageDir), join(dir, packageDir), { recursive: true });
    for (const [path, body] of Object.entries(extra)) {
        const full = join(dir, 'force-app/main/default', path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, body);
    }
    return dir;
}

/**
 * External ids not in force-app yet: `Account.Zoho_Customer_Id__c` (Text(40), External ID,
 * Unique) and `Contact.Zoho_Contact_Person_Id__c` (External ID, not unique, so an upsert can
 * match several records).
 */
export const EXTERNAL_ID_FIELDS = {
    'objects/Contact/fields/Zoho_Contact_Person_Id__c.field-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Zoho_Contact_Person_Id__c</fullName>
    <externalId>true</externalId>
    <label>Zoho Contact Person Id</label>
    <length>40</length>
    <required>false</required>
    <type>Text</type>
    <unique>false</unique>
</CustomField>`,
    'objects/Account/fields/Zoho_Customer_Id__c.field-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Zoho_Customer_Id__c</fullName>
    <externalId>true</externalId>
    <label>Zoho Customer Id</label>
    <length>40</length>
    <required>false</required>
    <type>Text</type>
    <unique>true</unique>
</CustomField>`
};
