import { beforeAll, describe, expect, it } from 'vitest';

import { SalesforceError } from './errors.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

const sandbox = createSalesforceSandbox();
let orgId = '';
let ids: Record<string, string> = {};

const record = (object: string, id: string) =>
    sandbox.records(orgId, object).find((r) => r.Id === id);
const line = (fields: Record<string, unknown>) => ({
    object: 'OpportunityLineItem',
    fields: { OpportunityId: { ref: 'deal' }, PricebookEntryId: { ref: 'pbe' }, ...fields }
});

beforeAll(() => {
    orgId = sandbox.createOrg().org_id;
    ids = sandbox.seed(orgId, {
        records: [
            { object: 'Account', ref: 'acme', fields: { Name: 'Acme' } },
            {
                object: 'Contact',
                ref: 'ada',
                fields: { FirstName: 'Ada', LastName: 'Lovelace', AccountId: { ref: 'acme' } }
            },
            {
                object: 'Product2',
                ref: 'widget',
                fields: { Name: 'Widget', ProductCode: 'W-1', IsActive: true }
            },
            {
                object: 'PricebookEntry',
                ref: 'pbe',
                fields: {
                    Pricebook2Id: { ref: 'standardPricebook' },
                    Product2Id: { ref: 'widget' },
                    UnitPrice: 50,
                    IsActive: true
                }
            },
            {
                object: 'Opportunity',
                ref: 'deal',
                fields: {
                    Name: 'Deal',
                    AccountId: { ref: 'acme' },
                    StageName: 'Prospecting',
                    CloseDate: '2026-12-01',
                    Amount: 999
                }
            },
            line({ Quantity: 2, UnitPrice: 40, Discount: 25 }),
            line({ Quantity: 4, TotalPrice: 100 }),
            {
                object: 'Quote',
                ref: 'quote',
                fields: {
                    Name: 'Q',
                    OpportunityId: { ref: 'deal' },
                    Tax: 7.5,
                    ShippingHandling: 2.5
                }
            },
            {
                object: 'QuoteLineItem',
                fields: {
                    QuoteId: { ref: 'quote' },
                    PricebookEntryId: { ref: 'pbe' },
                    Quantity: 3,
                    UnitPrice: 50,
                    Discount: 10
                }
            },
            { object: 'Task', ref: 'task', fields: { Subject: 'Call', WhatId: { ref: 'deal' } } },
            { object: 'Case', ref: 'case', fields: { Subject: 'Help', Status: 'Closed' } }
        ]
    }).ids;
});

describe('fields the org computes', () => {
    it('prices opportunity products and rolls them up into the opportunity, ignoring a written Amount', () => {
        const lines = sandbox
            .records(orgId, 'OpportunityLineItem')
            .map((l) => [
                l.UnitPrice,
                l.ListPrice,
                l.Subtotal,
                l.TotalPrice,
                l.ProductCode,
                l.Name
            ]);
        expect(lines).toEqual([
            [40, 50, 80, 60, 'W-1', 'Deal Widget'],
            [25, 50, 100, 100, 'W-1', 'Deal Widget']
        ]);
        expect(record('Opportunity', ids.deal!)).toMatchObject({
            Amount: 160,
            HasOpportunityLineItem: true,
            Probability: 10,
            ForecastCategoryName: 'Pipeline',
            FiscalYear: 2026,
            FiscalQuarter: 4
        });
    });

    it('totals a quote from its lines, tax and shipping', () => {
        expect(record('Quote', ids.quote!)).toMatchObject({
            AccountId: ids.acme,
            Subtotal: 150,
            TotalPrice: 135,
            Discount: 10,
            GrandTotal: 145,
            LineItemCount: 1,
            QuoteNumber: '00000001'
        });
    });

    it('derives names, numbers and closed flags', () => {
        expect(record('Contact', ids.ada!)?.Name).toBe('Ada Lovelace');
        expect(record('Task', ids.task!)).toMatchObject({
            AccountId: ids.acme,
            Status: 'Not Started',
            Priority: 'Normal',
            IsClosed: false
        });
        expect(record('Case', ids.case!)).toMatchObject({
            CaseNumber: '00000001',
            IsClosed: true,
            Priority: 'Medium'
        });
    });

    it.each([
        {
            name: 'both unit and total price',
            fields: { Quantity: 1, UnitPrice: 1, TotalPrice: 1 },
            code: 'FIELD_INTEGRITY_EXCEPTION'
        },
        {
            name: 'neither unit nor total price',
            fields: { Quantity: 1 },
            code: 'FIELD_INTEGRITY_EXCEPTION'
        },
        { name: 'no quantity', fields: { UnitPrice: 1 }, code: 'REQUIRED_FIELD_MISSING' }
    ])('refuses an opportunity product with $name', ({ fields, code }) => {
        let caught: unknown;
        try {
            sandbox.seed(orgId, {
                records: [
                    {
                        object: 'OpportunityLineItem',
                        fields: { OpportunityId: ids.deal, PricebookEntryId: ids.pbe, ...fields }
                    }
                ]
            });
        } catch (error) {
            caught = error;
        }
        expect(caught).toBeInstanceOf(SalesforceError);
        expect((caught as SalesforceError).errorCode).toBe(code);
        expect(sandbox.records(orgId, 'OpportunityLineItem')).toHaveLength(2);
    });
});
