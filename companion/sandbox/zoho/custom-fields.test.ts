import { describe, expect, it } from 'vitest';

import { customFieldDefinitionsResponseSchema } from '../../src/zoho/schemas/responses.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

describe('zoho sandbox custom field settings', () => {
    it('lists the custom fields of one module under fields, and refuses an unknown module', async () => {
        const sandbox = createZohoSandbox();
        const creds = sandbox.createOrg();
        sandbox.addCustomField(creds.organization_id, {
            label: 'Salesforce Id',
            entity: 'invoice',
            is_unique: true
        });
        const zoho = booksClient(sandbox, creds);
        const fields = async (entity: string) =>
            customFieldDefinitionsResponseSchema.parse(
                (await zoho.get('/settings/fields', { query: { entity } })).body
            ).fields;
        expect(await fields('invoice')).toEqual([
            expect.objectContaining({ api_name: 'cf_salesforce_id', label: 'Salesforce Id' })
        ]);
        expect(await fields('contact')).toEqual([]);
        expect((await zoho.get('/settings/fields', { query: { entity: 'nope' } })).body).toEqual({
            code: 2,
            message: 'Invalid value passed for entity'
        });
    });
});
