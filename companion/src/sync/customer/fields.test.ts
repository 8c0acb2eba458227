import { describe, expect, it } from 'vitest';

import type { MappingRule } from '../mapping/rules.ts';
import { entryDecision, newCustomerBody } from './entry.ts';
import {
    customerPolicies,
    salesforceValues,
    taxFieldsOf,
    updateBody,
    valuesHash,
    zohoValues
} from './fields.ts';

const rule = (name: string, over: Partial<MappingRule>): MappingRule => ({
    name,
    sourceObject: 'Account',
    sourceField: 'Name',
    targetObject: 'zoho_contact',
    targetField: 'contact_name',
    direction: 'Both',
    fieldOwner: 'Salesforce',
    condition: null,
    transform: null,
    sortOrder: 10,
    active: true,
    ...over
});

const RULES: MappingRule[] = [
    rule('Name', {}),
    rule('City', {
        sourceField: 'BillingCity',
        targetField: 'billing_address.city',
        direction: 'Salesforce_To_Zoho'
    }),
    rule('Country', {
        sourceField: 'BillingCountry',
        targetField: 'billing_address.country',
        transform: 'iso_country'
    }),
    rule('Phone', { sourceField: 'Phone', targetField: 'phone', fieldOwner: 'Last_Write_Wins' }),
    rule('Site', { sourceField: 'Website', targetField: 'website', fieldOwner: 'Last_Write_Wins' }),
    rule('Vat', { sourceField: 'VAT__c', targetField: 'vat_reg_no' }),
    rule('Ref', { sourceField: 'AccountNumber', targetField: 'custom_fields.cf_account_no' })
];

describe('customer field policies', () => {
    it('keeps only fields a Zoho contact stores itself, and tax fields of the edition', () => {
        const fields = (country: string) =>
            customerPolicies(RULES, taxFieldsOf(country)).map((p) => p.zohoField);
        expect(fields('DE').sort()).toEqual([
            'billing_address.city',
            'billing_address.country',
            'contact_name',
            'custom_fields.cf_account_no',
            'website'
        ]);
        expect(fields('UK')).toContain('vat_reg_no');
        expect(fields('IN')).not.toContain('vat_reg_no');
    });

    it('lets no transformed value travel back to Salesforce', () => {
        const country = customerPolicies(RULES, []).find(
            (p) => p.zohoField === 'billing_address.country'
        );
        expect(country?.direction).toBe('Salesforce_To_Zoho');
    });
});

describe('customer values', () => {
    const policies = customerPolicies(RULES, []);
    const account = {
        Name: 'Acme',
        BillingCity: 'Berlin',
        BillingCountry: 'Germany',
        Website: '',
        AccountNumber: 'A-1'
    };

    it('reads the Account in Zoho terms and the contact by the same keys', () => {
        expect(salesforceValues(RULES, policies, account)).toEqual({
            contact_name: 'Acme',
            'billing_address.city': 'Berlin',
            'billing_address.country': 'DE',
            website: null,
            'custom_fields.cf_account_no': 'A-1'
        });
        const contact = {
            contact_name: 'Acme',
            billing_address: { city: 'Berlin', country: 'DE', address_id: '9' },
            website: '',
            custom_fields: [{ api_name: 'cf_account_no', value: 'A-1' }]
        };
        const zoho = zohoValues(policies, contact);
        expect(valuesHash(policies, zoho)).toBe(
            valuesHash(policies, salesforceValues(RULES, policies, account))
        );
    });

    it('hashes a missing value as no value, and a changed one differently', () => {
        expect(valuesHash(policies, { contact_name: 'Acme' })).toBe(
            valuesHash(policies, { contact_name: 'Acme', website: '' })
        );
        expect(valuesHash(policies, { contact_name: 'Acme' })).not.toBe(
            valuesHash(policies, { contact_name: 'Acme Ltd' })
        );
    });

    it('sends a changed address part with the rest of the address, and the name and type', () => {
        const contact = {
            contact_name: 'Acme',
            contact_type: 'customer',
            billing_address: { address_id: '9', address: '1 Main St', city: 'Berlin', zip: '10115' }
        };
        expect(updateBody(contact, { 'billing_address.city': 'Bremen', website: null })).toEqual({
            contact_name: 'Acme',
            contact_type: 'customer',
            billing_address: { address: '1 Main St', city: 'Bremen', zip: '10115' },
            website: ''
        });
    });
});

describe('customer entry', () => {
    it('creates on a sync request, and on a change only when the entry condition holds', () => {
        const account = { Type: 'Customer - Direct' };
        expect(entryDecision('account.sync_requested', null, account)).toEqual({ create: true });
        expect(entryDecision('account.changed', null, account).create).toBe(false);
        expect(entryDecision('account.changed', "Type = 'Customer - Direct'", account)).toEqual({
            create: true
        });
        expect(entryDecision('account.changed', "Type = 'Partner'", account).create).toBe(false);
        const broken = entryDecision('account.changed', 'Type =', account);
        expect(broken).toMatchObject({ create: false });
        expect(!broken.create && broken.reason).toMatch(/not valid/);
    });

    it('builds a new customer from the outbound values, currency and payment terms', () => {
        const policies = customerPolicies(RULES, []);
        expect(
            newCustomerBody({
                rules: RULES,
                policies,
                account: { Name: 'Acme', BillingCity: 'Berlin', Website: null },
                currencyId: '42',
                paymentTermsDays: 30
            })
        ).toEqual({
            contact_name: 'Acme',
            contact_type: 'customer',
            billing_address: { city: 'Berlin' },
            currency_id: '42',
            payment_terms: 30
        });
    });
});
