import {
    field,
    lookup,
    makeObject,
    ownerField,
    picklist,
    readOnly,
    systemFields,
    text
} from './field-builders.ts';
import { orgObjects } from './standard-objects-org.ts';
import type { FieldDef, ObjectDef } from './types.ts';

/**
 * The standard objects the package and the companion touch, with the fields, types, lengths,
 * required flags and picklists that matter (reference §G). Derived fields (IsWon, TotalPrice,
 * GrandTotal …) are read-only here and computed by `derive.ts`.
 */
function address(prefix: string): FieldDef[] {
    const compoundFieldName = `${prefix}Address`;
    return [
        field(`${prefix}Street`, 'textarea', { length: 255, compoundFieldName }),
        text(`${prefix}City`, 40, { compoundFieldName }),
        text(`${prefix}State`, 80, { compoundFieldName }),
        text(`${prefix}PostalCode`, 20, { compoundFieldName }),
        text(`${prefix}Country`, 80, { compoundFieldName }),
        // The compound field: read-only, its value made of the parts (compound.ts).
        readOnly(compoundFieldName, 'address', { calculated: false })
    ];
}

const lineFields = (parent: string): FieldDef[] => [
    lookup(`${parent}Id`, parent, { required: true, updateable: false }),
    lookup('PricebookEntryId', 'PricebookEntry', { updateable: false }),
    lookup('Product2Id', 'Product2', { updateable: false }),
    field('Quantity', 'double', { required: true, precision: 12, scale: 2 }),
    field('UnitPrice', 'currency', { precision: 18, scale: 2, label: 'Sales Price' }),
    readOnly('ListPrice', 'currency', { precision: 18, scale: 2 }),
    field('Discount', 'percent', { precision: 5, scale: 2 }),
    readOnly('Subtotal', 'currency', { precision: 18, scale: 2 }),
    field('ServiceDate', 'date'),
    text('Description', 255, { label: 'Line Description' })
];

function salesObjects(): ObjectDef[] {
    return [
        makeObject('Account', '001', [
            text('Name', 255, { required: true }),
            text('AccountNumber', 40),
            picklist('Type', [
                'Prospect',
                'Customer - Direct',
                'Customer - Channel',
                'Partner',
                'Other'
            ]),
            picklist('Industry', [
                'Agriculture',
                'Banking',
                'Consulting',
                'Education',
                'Manufacturing',
                'Retail',
                'Technology',
                'Other'
            ]),
            lookup('ParentId', 'Account', { relationshipName: 'Parent' }),
            // Set on the records a merge deleted: the record they were merged into.
            lookup('MasterRecordId', 'Account', {
                relationshipName: 'MasterRecord',
                createable: false,
                updateable: false
            }),
            ...address('Billing'),
            ...address('Shipping'),
            field('Phone', 'phone', { length: 40 }),
            field('Website', 'url', { length: 255 }),
            field('AnnualRevenue', 'currency', { precision: 18, scale: 0 }),
            field('NumberOfEmployees', 'int', { precision: 8, scale: 0 }),
            field('Description', 'textarea', { length: 32000 }),
            ownerField()
        ]),
        makeObject('Contact', '003', [
            picklist('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'], {
                compoundFieldName: 'Name'
            }),
            text('FirstName', 40, { compoundFieldName: 'Name' }),
            text('LastName', 80, { required: true, compoundFieldName: 'Name' }),
            readOnly('Name', 'string', { length: 121, label: 'Full Name' }),
            lookup('AccountId', 'Account'),
            lookup('MasterRecordId', 'Contact', {
                relationshipName: 'MasterRecord',
                createable: false,
                updateable: false
            }),
            text('Title', 128),
            field('Email', 'email', { length: 80 }),
            field('Phone', 'phone', { length: 40 }),
            field('MobilePhone', 'phone', { length: 40 }),
            ...address('Mailing'),
            field('Description', 'textarea', { length: 32000 }),
            ownerField()
        ]),
        makeObject(
            'Opportunity',
            '006',
            [
                text('Name', 120, { required: true }),
                lookup('AccountId', 'Account'),
                // Values and won/closed flags come from OpportunityStage records (derive.ts).
                picklist('StageName', [], {
                    required: true,
                    restrictedPicklist: true,
                    label: 'Stage'
                }),
                field('CloseDate', 'date', { required: true }),
                field('Amount', 'currency', { precision: 18, scale: 2 }),
                field('Probability', 'percent', { precision: 3, scale: 0 }),
                readOnly('IsClosed', 'boolean'),
                readOnly('IsWon', 'boolean'),
                picklist('ForecastCategoryName', [
                    'Omitted',
                    'Pipeline',
                    'BestCase',
                    'Commit',
                    'Closed'
                ]),
                picklist('Type', ['Existing Business', 'New Business']),
                picklist('LeadSource', [
                    'Web',
                    'Phone Inquiry',
                    'Partner Referral',
                    'Purchased List',
                    'Other'
                ]),
                text('NextStep', 255),
                field('Description', 'textarea', { length: 32000 }),
                lookup('Pricebook2Id', 'Pricebook2'),
                lookup('SyncedQuoteId', 'Quote', { relationshipName: 'SyncedQuote' }),
                readOnly('HasOpportunityLineItem', 'boolean'),
                readOnly('FiscalYear', 'int'),
                readOnly('FiscalQuarter', 'int'),
                ownerField()
            ],
            { labelPlural: 'Opportunities' }
        ),
        makeObject(
            'OpportunityLineItem',
            '00k',
            [
                ...lineFields('Opportunity'),
                readOnly('Name', 'string', { length: 376 }),
                readOnly('ProductCode', 'string', { length: 255 }),
                field('TotalPrice', 'currency', { precision: 18, scale: 2 }),
                field('SortOrder', 'int')
            ],
            { label: 'Opportunity Product' }
        ),
        makeObject(
            'Product2',
            '01t',
            [
                text('Name', 255, { required: true }),
                text('ProductCode', 255),
                field('IsActive', 'boolean', { defaultValue: false }),
                picklist('Family', ['Hardware', 'Software', 'Services', 'None']),
                field('Description', 'textarea', { length: 4000 }),
                text('StockKeepingUnit', 180, { label: 'Product SKU' }),
                picklist('QuantityUnitOfMeasure', ['Each', 'Hour', 'Day'])
            ],
            { label: 'Product' }
        ),
        makeObject(
            'Pricebook2',
            '01s',
            [
                text('Name', 255, { required: true }),
                field('IsActive', 'boolean', { defaultValue: false }),
                readOnly('IsStandard', 'boolean', { calculated: false }),
                text('Description', 255)
            ],
            { label: 'Price Book' }
        ),
        makeObject(
            'PricebookEntry',
            '01u',
            [
                readOnly('Name', 'string', { length: 255 }),
                lookup('Pricebook2Id', 'Pricebook2', { required: true, updateable: false }),
                lookup('Product2Id', 'Product2', { required: true, updateable: false }),
                field('UnitPrice', 'currency', {
                    required: true,
                    precision: 18,
                    scale: 2,
                    label: 'List Price'
                }),
                field('IsActive', 'boolean', { defaultValue: false }),
                field('UseStandardPrice', 'boolean', { defaultValue: false }),
                readOnly('ProductCode', 'string', { length: 255 })
            ],
            { label: 'Price Book Entry', labelPlural: 'Price Book Entries' }
        ),
        makeObject('Quote', '0Q0', [
            text('Name', 255, { required: true }),
            lookup('OpportunityId', 'Opportunity', { required: true, updateable: false }),
            lookup('AccountId', 'Account', { createable: false, updateable: false }),
            lookup('ContactId', 'Contact'),
            picklist(
                'Status',
                [
                    'Draft',
                    'Needs Review',
                    'In Review',
                    'Approved',
                    'Rejected',
                    'Presented',
                    'Accepted',
                    'Denied'
                ],
                { default: 'Draft' }
            ),
            readOnly('QuoteNumber', 'string', {
                length: 30,
                calculated: false,
                autoNumberFormat: '{00000000}'
            }),
            field('ExpirationDate', 'date'),
            lookup('Pricebook2Id', 'Pricebook2'),
            readOnly('Subtotal', 'currency', { precision: 18, scale: 2 }),
            readOnly('Discount', 'percent', { precision: 18, scale: 2 }),
            readOnly('TotalPrice', 'currency', { precision: 18, scale: 2 }),
            field('Tax', 'currency', { precision: 18, scale: 2 }),
            field('ShippingHandling', 'currency', { precision: 18, scale: 2 }),
            readOnly('GrandTotal', 'currency', { precision: 18, scale: 2 }),
            readOnly('LineItemCount', 'int'),
            readOnly('IsSyncing', 'boolean'),
            field('Email', 'email', { length: 80 }),
            field('Phone', 'phone', { length: 40 }),
            text('BillingName', 255),
            ...address('Billing'),
            field('Description', 'textarea', { length: 32000 }),
            ownerField()
        ]),
        makeObject(
            'QuoteLineItem',
            '0QL',
            [
                ...lineFields('Quote'),
                readOnly('TotalPrice', 'currency', { precision: 18, scale: 2 }),
                readOnly('LineNumber', 'string', {
                    length: 255,
                    calculated: false,
                    autoNumberFormat: '{00000000}'
                })
            ],
            { label: 'Quote Line Item' }
        )
    ];
}

export function standardObjects(): ObjectDef[] {
    const objects = [...salesObjects(), ...orgObjects()];
    return objects.map((object) => {
        const base = systemFields().filter((f) => !object.fields.has(f.name.toLowerCase()));
        object.fields = new Map([
            ...base.map((f): [string, FieldDef] => [f.name.toLowerCase(), f]),
            ...object.fields
        ]);
        return object;
    });
}
