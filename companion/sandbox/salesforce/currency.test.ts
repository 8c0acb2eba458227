import { beforeAll, describe, expect, it } from 'vitest';

import { SalesforceError } from './errors.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';
import { runQuery } from './soql/query.ts';

const sandbox = createSalesforceSandbox();
let multi = '';
let single = '';

const seed = (orgId: string, records: Parameters<typeof sandbox.seed>[1]['records']) =>
    sandbox.seed(orgId, { records });
const failure = (work: () => unknown) => {
    try {
        work();
    } catch (error) {
        if (error instanceof SalesforceError)
            return { errorCode: error.errorCode, message: error.message };
        throw error;
    }
    return undefined;
};

beforeAll(() => {
    multi = sandbox.createOrg({ multiCurrency: true, corporateCurrency: 'EUR' }).org_id;
    single = sandbox.createOrg().org_id;
    seed(multi, [
        {
            object: 'CurrencyType',
            fields: { IsoCode: 'USD', ConversionRate: 1.1, DecimalPlaces: 2, IsActive: true }
        },
        {
            object: 'CurrencyType',
            fields: { IsoCode: 'GBP', ConversionRate: 0.86, DecimalPlaces: 2, IsActive: false }
        },
        {
            object: 'DatedConversionRate',
            fields: { IsoCode: 'USD', ConversionRate: 1.12, StartDate: '2026-07-01' }
        },
        {
            object: 'DatedConversionRate',
            fields: { IsoCode: 'USD', ConversionRate: 1.08, StartDate: '2026-01-01' }
        }
    ]);
});

describe('multi-currency in the salesforce sandbox', () => {
    it('stamps CurrencyIsoCode with the user currency and accepts only active currencies', () => {
        const { ids } = seed(multi, [
            { object: 'Account', ref: 'eur', fields: { Name: 'Euro Co' } },
            { object: 'Account', ref: 'usd', fields: { Name: 'Dollar Co', CurrencyIsoCode: 'USD' } }
        ]);
        const accounts = sandbox.records(multi, 'Account');
        expect(accounts.find((a) => a.Id === ids.eur)?.CurrencyIsoCode).toBe('EUR');
        expect(accounts.find((a) => a.Id === ids.usd)?.CurrencyIsoCode).toBe('USD');
        expect(
            failure(() =>
                seed(multi, [
                    { object: 'Account', fields: { Name: 'Pound Co', CurrencyIsoCode: 'GBP' } }
                ])
            )
        ).toMatchObject({
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
        });
    });

    it('chains dated conversion rates by start date', () => {
        const rates = runQuery(
            {
                org: sandbox.org(multi),
                soql: "SELECT StartDate, NextStartDate, ConversionRate FROM DatedConversionRate WHERE IsoCode = 'USD' ORDER BY StartDate",
                now: Date.now()
            },
            'v65.0'
        );
        expect(rates.rows.map((r) => [r.StartDate, r.NextStartDate, r.ConversionRate])).toEqual([
            ['2026-01-01', '2026-07-01', 1.08],
            ['2026-07-01', '9999-12-31', 1.12]
        ]);
    });

    it('refuses an opportunity product priced in another currency than the opportunity', () => {
        const { ids } = seed(multi, [
            { object: 'Product2', ref: 'p', fields: { Name: 'Widget', IsActive: true } },
            {
                object: 'PricebookEntry',
                ref: 'usd',
                fields: {
                    Pricebook2Id: { ref: 'standardPricebook' },
                    Product2Id: { ref: 'p' },
                    UnitPrice: 12,
                    IsActive: true,
                    CurrencyIsoCode: 'USD'
                }
            },
            {
                object: 'Opportunity',
                ref: 'o',
                fields: { Name: 'Euro deal', StageName: 'Prospecting', CloseDate: '2026-12-01' }
            }
        ]);
        expect(
            failure(() =>
                seed(multi, [
                    {
                        object: 'OpportunityLineItem',
                        fields: {
                            OpportunityId: ids.o,
                            PricebookEntryId: ids.usd,
                            Quantity: 1,
                            UnitPrice: 12
                        }
                    }
                ])
            )
        ).toMatchObject({
            errorCode: 'FIELD_INTEGRITY_EXCEPTION',
            message: expect.stringContaining('currency code does not match')
        });
    });

    it('has no CurrencyIsoCode at all in a single-currency org', () => {
        expect(
            failure(() =>
                seed(single, [{ object: 'Account', fields: { Name: 'X', CurrencyIsoCode: 'USD' } }])
            )
        ).toEqual({
            errorCode: 'INVALID_FIELD',
            message: "No such column 'CurrencyIsoCode' on sobject of type Account"
        });
        expect(
            failure(() =>
                runQuery(
                    {
                        org: sandbox.org(single),
                        soql: 'SELECT CurrencyIsoCode FROM Account',
                        now: Date.now()
                    },
                    'v65.0'
                )
            )
        ).toMatchObject({
            errorCode: 'INVALID_FIELD'
        });
    });
});
