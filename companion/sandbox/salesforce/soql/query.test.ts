import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../clock.ts';
import { createSalesforceSandbox } from '../salesforce-sandbox.ts';
import { runQuery } from './query.ts';

const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 });
const sandbox = createSalesforceSandbox({ clock });
let orgId = '';

const run = (soql: string) =>
    runQuery({ org: sandbox.org(orgId), soql, now: clock.now() }, 'v65.0');
const names = (soql: string) => run(soql).rows.map((r) => r.Name);

beforeAll(() => {
    orgId = sandbox.createOrg().org_id;
    const opportunity = (
        ref: string,
        name: string,
        account: string,
        stage: string,
        amount: number | null,
        close: string
    ) => ({
        object: 'Opportunity',
        ref,
        fields: {
            Name: name,
            AccountId: { ref: account },
            StageName: stage,
            Amount: amount,
            CloseDate: close
        }
    });
    sandbox.seed(orgId, {
        records: [
            {
                object: 'Account',
                ref: 'acme',
                fields: { Name: 'Acme', BillingCity: 'Lyon', AnnualRevenue: 5000 }
            },
            {
                object: 'Account',
                ref: 'globex',
                fields: { Name: 'Globex', BillingCity: null, AnnualRevenue: 12000 }
            },
            { object: 'Account', ref: 'initech', fields: { Name: 'Initech', BillingCity: 'lyon' } },
            { object: 'Product2', ref: 'widget', fields: { Name: 'Widget', IsActive: true } },
            {
                object: 'PricebookEntry',
                ref: 'pbe',
                fields: {
                    Pricebook2Id: { ref: 'standardPricebook' },
                    Product2Id: { ref: 'widget' },
                    UnitPrice: 10,
                    IsActive: true
                }
            },
            opportunity('o1', 'Acme renewal', 'acme', 'Closed Won', 300, '2026-11-20'),
            opportunity('o2', 'Acme upsell', 'acme', 'Prospecting', null, '2026-12-10'),
            opportunity('o3', 'Globex new', 'globex', 'Negotiation/Review', 900, '2026-10-02'),
            {
                object: 'OpportunityLineItem',
                fields: {
                    OpportunityId: { ref: 'o2' },
                    PricebookEntryId: { ref: 'pbe' },
                    Quantity: 3,
                    UnitPrice: 10
                }
            },
            {
                object: 'OpportunityLineItem',
                fields: {
                    OpportunityId: { ref: 'o2' },
                    PricebookEntryId: { ref: 'pbe' },
                    Quantity: 1,
                    UnitPrice: 5
                }
            }
        ]
    });
});

describe('SOQL over stored records', () => {
    it.each([
        {
            name: 'equality is case-insensitive on text',
            soql: "SELECT Name FROM Account WHERE BillingCity = 'LYON' ORDER BY Name",
            want: ['Acme', 'Initech']
        },
        {
            name: 'null and OR with parentheses',
            soql: "SELECT Name FROM Account WHERE BillingCity = null OR (Name LIKE 'ini%' AND AnnualRevenue = null) ORDER BY Name DESC",
            want: ['Initech', 'Globex']
        },
        {
            name: 'NOT and comparison',
            soql: 'SELECT Name FROM Account WHERE NOT AnnualRevenue > 6000 ORDER BY Name',
            want: ['Acme', 'Initech']
        },
        {
            name: 'IN and NOT IN',
            soql: "SELECT Name FROM Account WHERE Name IN ('Acme', 'Globex') AND Name NOT IN ('Globex')",
            want: ['Acme']
        },
        {
            name: 'parent field in WHERE',
            soql: "SELECT Name FROM Opportunity WHERE Account.Name = 'Acme' ORDER BY Name",
            want: ['Acme renewal', 'Acme upsell']
        },
        {
            name: 'date literal THIS_MONTH',
            soql: 'SELECT Name FROM Opportunity WHERE CloseDate = THIS_MONTH',
            want: ['Acme renewal']
        },
        {
            name: 'LAST_N_DAYS',
            soql: 'SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:60 ORDER BY CloseDate',
            want: ['Globex new', 'Acme renewal']
        },
        {
            name: 'date comparison',
            soql: 'SELECT Name FROM Opportunity WHERE CloseDate > 2026-11-20',
            want: ['Acme upsell']
        },
        {
            name: 'derived won flag and amount from lines',
            soql: 'SELECT Name FROM Opportunity WHERE IsWon = false AND Amount = 35',
            want: ['Acme upsell']
        },
        {
            name: 'ORDER BY with NULLS LAST, LIMIT and OFFSET',
            soql: 'SELECT Name FROM Account ORDER BY AnnualRevenue ASC NULLS LAST LIMIT 2 OFFSET 1',
            want: ['Globex', 'Initech']
        },
        {
            name: 'semi-join',
            soql: "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Won')",
            want: ['Acme']
        }
    ])('$name', ({ soql, want }) => {
        expect(names(soql)).toEqual(want);
    });

    it('nests parent fields and child subqueries the way REST returns them', () => {
        const [row] = run(
            "SELECT Name, Account.Name, Owner.Email, (SELECT Quantity, TotalPrice FROM OpportunityLineItems ORDER BY Quantity) FROM Opportunity WHERE Name = 'Acme upsell'"
        ).rows;
        expect(row).toMatchObject({
            attributes: { type: 'Opportunity' },
            Name: 'Acme upsell',
            Account: { attributes: { type: 'Account' }, Name: 'Acme' },
            Owner: { attributes: { type: 'User' }, Email: 'admin@org1.sandbox' },
            OpportunityLineItems: {
                totalSize: 2,
                done: true,
                records: [
                    { Quantity: 1, TotalPrice: 5 },
                    { Quantity: 3, TotalPrice: 30 }
                ]
            }
        });
        expect(
            run(
                "SELECT Name, (SELECT Id FROM OpportunityLineItems) FROM Opportunity WHERE Name = 'Globex new'"
            ).rows[0]?.OpportunityLineItems
        ).toBeNull();
    });

    it('reads polymorphic parents: What.Name and What.Type', () => {
        const deal = sandbox.records(orgId, 'Opportunity').find((o) => o.Name === 'Globex new')!;
        sandbox.seed(orgId, {
            records: [{ object: 'Task', fields: { Subject: 'Call Globex', WhatId: deal.Id } }]
        });
        expect(
            run(
                "SELECT Subject, What.Name, What.Type, Account.Name FROM Task WHERE What.Type = 'Opportunity'"
            ).rows
        ).toEqual([
            expect.objectContaining({
                Subject: 'Call Globex',
                What: expect.objectContaining({ Name: 'Globex new', Type: 'Opportunity' }),
                Account: expect.objectContaining({ Name: 'Globex' })
            })
        ]);
    });

    it('counts with COUNT()', () => {
        expect(run("SELECT COUNT() FROM Opportunity WHERE Account.Name = 'Acme'")).toEqual({
            totalSize: 2,
            rows: []
        });
    });

    it.each([
        {
            name: 'an unknown field',
            soql: 'SELECT Id, Foo__c FROM Account',
            code: 'INVALID_FIELD',
            message:
                "\nSELECT Id, Foo__c FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo__c' on entity 'Account'."
        },
        {
            name: 'an unknown field in WHERE',
            soql: "SELECT Id FROM Account WHERE Zoho_Id__c = 'x'",
            code: 'INVALID_FIELD',
            message: "No such column 'Zoho_Id__c' on entity 'Account'"
        },
        {
            name: 'an unknown object',
            soql: 'SELECT Id FROM Invoice__c',
            code: 'INVALID_TYPE',
            message: "sObject type 'Invoice__c' is not supported"
        },
        {
            name: 'an unknown relationship',
            soql: 'SELECT Boss.Name FROM Account',
            code: 'INVALID_FIELD',
            message: "Didn't understand relationship 'Boss'"
        },
        {
            name: 'an unknown child relationship',
            soql: 'SELECT (SELECT Id FROM Widgets) FROM Account',
            code: 'INVALID_TYPE',
            message: "Didn't understand relationship 'Widgets'"
        },
        {
            name: 'a quoted number',
            soql: "SELECT Id FROM Account WHERE AnnualRevenue = '5'",
            code: 'INVALID_FIELD',
            message: 'must be of type double and should not be enclosed in quotes'
        },
        {
            name: 'a filter on a long text area',
            soql: "SELECT Id FROM Account WHERE Description = 'x'",
            code: 'INVALID_FIELD',
            message: "field 'Description' can not be filtered in a query call"
        },
        {
            name: 'sorting on a long text area',
            soql: 'SELECT Id FROM Account ORDER BY Description',
            code: 'INVALID_FIELD',
            message: "field 'Description' can not be sorted in a query call"
        },
        {
            name: 'a date on a datetime field',
            soql: 'SELECT Id FROM Account WHERE CreatedDate > 2026-01-01',
            code: 'INVALID_FIELD',
            message:
                "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"
        },
        {
            name: 'a datetime on a date field',
            soql: 'SELECT Id FROM Opportunity WHERE CloseDate > 2026-01-01T00:00:00Z',
            code: 'INVALID_FIELD',
            message:
                "value of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes"
        },
        {
            name: 'a field neither grouped nor aggregated',
            soql: 'SELECT Name, COUNT(Id) FROM Account',
            code: 'MALFORMED_QUERY',
            message: 'Field must be grouped or aggregated: Name'
        },
        {
            name: 'grouping by a currency field',
            soql: 'SELECT COUNT(Id) FROM Account GROUP BY AnnualRevenue',
            code: 'INVALID_FIELD',
            message: "field 'AnnualRevenue' can not be grouped in a query call"
        },
        {
            name: 'SUM of a text field',
            soql: 'SELECT SUM(Name) FROM Account',
            code: 'INVALID_FIELD',
            message: 'field Name does not support aggregate operator SUM'
        },
        {
            name: 'MAX of a checkbox',
            soql: 'SELECT MAX(IsDeleted) FROM Account',
            code: 'INVALID_FIELD',
            message: 'field IsDeleted does not support aggregate operator MAX'
        },
        {
            name: 'a bind variable',
            soql: 'SELECT Id FROM Account WHERE Name = :name',
            code: 'MALFORMED_QUERY',
            message: 'Expecting'
        },
        {
            name: 'a syntax error',
            soql: 'SELEC Id FROM Account',
            code: 'MALFORMED_QUERY',
            message: 'SELEC'
        },
        {
            name: 'a platform event',
            soql: 'SELECT Id FROM Closebooks_Sync__e',
            code: 'INVALID_TYPE',
            message: 'not supported'
        }
    ])('refuses $name with $code', ({ soql, code, message }) => {
        expect(() => run(soql)).toThrowError(
            expect.objectContaining({ errorCode: code, message: expect.stringContaining(message) })
        );
    });
});
