import {
    field,
    lookup,
    makeObject,
    ownerField,
    picklist,
    readOnly,
    text
} from './field-builders.ts';
import type { ObjectDef } from './types.ts';

/**
 * Activities, cases and the org-level objects: users, currencies, opportunity stages and the
 * organization itself. Setup objects are read-only through the REST API here; the control
 * surface writes them. Key prefixes for CurrencyType, DatedConversionRate and OpportunityStage
 * are not in the reference (unconfirmed).
 */
export function orgObjects(): ObjectDef[] {
    const setup = { createable: false, updateable: false, deletable: false };
    return [
        makeObject('Task', '00T', [
            text('Subject', 255),
            field('ActivityDate', 'date', { label: 'Due Date Only' }),
            picklist(
                'Status',
                ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
                {
                    required: true,
                    default: 'Not Started'
                }
            ),
            picklist('Priority', ['High', 'Normal', 'Low'], { required: true, default: 'Normal' }),
            lookup('WhatId', ['Account', 'Opportunity', 'Case', 'Quote'], {
                relationshipName: 'What'
            }),
            lookup('WhoId', ['Contact'], { relationshipName: 'Who' }),
            lookup('AccountId', 'Account', { createable: false, updateable: false }),
            readOnly('IsClosed', 'boolean'),
            field('Description', 'textarea', { length: 32000, label: 'Comments' }),
            picklist('TaskSubtype', ['Task', 'Email', 'Call'], { updateable: false }),
            ownerField()
        ]),
        makeObject('Case', '500', [
            readOnly('CaseNumber', 'string', {
                length: 30,
                calculated: false,
                autoNumberFormat: '{00000000}'
            }),
            text('Subject', 255),
            picklist('Status', ['New', 'Working', 'Escalated', 'Closed'], { default: 'New' }),
            picklist('Priority', ['High', 'Medium', 'Low'], { default: 'Medium' }),
            picklist('Origin', ['Phone', 'Email', 'Web']),
            picklist('Type', ['Question', 'Problem', 'Feature Request']),
            lookup('AccountId', 'Account'),
            lookup('ContactId', 'Contact'),
            readOnly('IsClosed', 'boolean'),
            field('Description', 'textarea', { length: 32000 }),
            ownerField()
        ]),
        makeObject(
            'User',
            '005',
            [
                text('Username', 80, { required: true, unique: true }),
                text('Alias', 8, { required: true }),
                field('Email', 'email', { length: 128, required: true }),
                text('FirstName', 40),
                text('LastName', 80, { required: true }),
                readOnly('Name', 'string', { length: 121, label: 'Full Name' }),
                field('IsActive', 'boolean', { defaultValue: true }),
                text('TimeZoneSidKey', 40),
                text('LocaleSidKey', 40),
                text('LanguageLocaleKey', 40),
                text('DefaultCurrencyIsoCode', 3, { label: 'User Currency' }),
                lookup('ManagerId', 'User', { label: 'Manager ID' })
            ],
            setup
        ),
        makeObject(
            'CurrencyType',
            '02t',
            [
                text('IsoCode', 3, { required: true, unique: true, label: 'Currency ISO Code' }),
                field('ConversionRate', 'double', { required: true, precision: 18, scale: 6 }),
                field('DecimalPlaces', 'int', { precision: 1 }),
                field('IsActive', 'boolean', { defaultValue: true }),
                readOnly('IsCorporate', 'boolean', { calculated: false })
            ],
            { ...setup, label: 'Currency Type' }
        ),
        makeObject(
            'DatedConversionRate',
            '04w',
            [
                text('IsoCode', 3, { required: true }),
                field('ConversionRate', 'double', { required: true, precision: 18, scale: 6 }),
                field('StartDate', 'date', { required: true }),
                readOnly('NextStartDate', 'date')
            ],
            { ...setup, label: 'Dated Conversion Rate' }
        ),
        makeObject(
            'OpportunityStage',
            '01J',
            [
                text('ApiName', 255),
                text('MasterLabel', 255),
                field('IsActive', 'boolean'),
                field('IsClosed', 'boolean'),
                field('IsWon', 'boolean'),
                field('DefaultProbability', 'percent'),
                text('ForecastCategoryName', 40),
                field('SortOrder', 'int'),
                text('Description', 255)
            ],
            { ...setup, label: 'Opportunity Stage' }
        ),
        makeObject(
            'Organization',
            '00D',
            [
                text('Name', 80),
                readOnly('IsSandbox', 'boolean', { calculated: false }),
                readOnly('OrganizationType', 'string', { length: 40, calculated: false }),
                readOnly('InstanceName', 'string', { length: 5, calculated: false }),
                readOnly('TrialExpirationDate', 'datetime', { calculated: false }),
                readOnly('NamespacePrefix', 'string', { length: 15, calculated: false }),
                readOnly('DefaultLocaleSidKey', 'string', { length: 40, calculated: false }),
                readOnly('TimeZoneSidKey', 'string', { length: 40, calculated: false }),
                readOnly('LanguageLocaleKey', 'string', { length: 40, calculated: false }),
                readOnly('FiscalYearStartMonth', 'int', { calculated: false }),
                readOnly('DefaultCurrencyIsoCode', 'string', { length: 3, calculated: false })
            ],
            setup
        )
    ];
}
