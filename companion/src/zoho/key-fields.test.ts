import { describe, expect, it } from 'vitest';

import { hasKeyField, keyFieldNotices } from './key-fields.ts';

describe('key fields', () => {
    it.each([
        { name: 'the field, active', fields: [{ api_name: 'cf_salesforce_id' }], want: true },
        {
            name: 'the field, inactive',
            fields: [{ api_name: 'cf_salesforce_id', is_active: false }],
            want: false
        },
        { name: 'another field', fields: [{ api_name: 'cf_salesforce_idx' }], want: false },
        { name: 'no fields', fields: [], want: false }
    ])('finds $name: $want', ({ fields, want }) => {
        expect(hasKeyField(fields, 'cf_salesforce_id')).toBe(want);
    });

    it.each([
        { name: 'not checked yet', keyFields: null, count: 0 },
        { name: 'both present', keyFields: { invoice: true, contact: true }, count: 0 },
        { name: 'invoices lack it', keyFields: { invoice: false, contact: true }, count: 1 },
        { name: 'both lack it', keyFields: { invoice: false, contact: false }, count: 2 }
    ])('tells the admin what to create when $name', ({ keyFields, count }) => {
        const notices = keyFieldNotices(keyFields);
        expect(notices).toHaveLength(count);
        for (const n of notices) expect(n).toMatch(/cf_salesforce_id.*"Salesforce Id"/);
    });
});
