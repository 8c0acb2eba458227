import { z } from 'zod';

import { SalesforceApiError } from '../../salesforce/errors.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { queryAll } from '../../salesforce/query.ts';
import { soql, soqlFields, soqlId } from '../../salesforce/soql.ts';
import { conditionPaths } from '../mapping/condition.ts';
import type { MappingRule } from '../mapping/rules.ts';

/** An Account as the customer sync reads it: deleted ones too (`queryAll`), for merges. */
export const accountSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    IsDeleted: z.boolean().nullish(),
    MasterRecordId: z.string().nullish(),
    LastModifiedDate: z.string(),
    Zoho_Contact_Id__c: z.string().nullish(),
    CurrencyIsoCode: z.string().nullish(),
    Closebooks_Sync_Status__c: z.string().nullish()
});
export type AccountRow = z.infer<typeof accountSchema>;

const BASE_FIELDS = [
    'Id',
    'Name',
    'IsDeleted',
    'MasterRecordId',
    'LastModifiedDate',
    'Zoho_Contact_Id__c',
    'Closebooks_Sync_Status__c',
    'BillingCountry'
];
const API_PATH = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The Account fields the rules and the entry condition read (plain fields of the Account). */
export function accountFields(rules: readonly MappingRule[], entryCondition: string | null) {
    const wanted = rules
        .filter(
            (r) =>
                r.active &&
                r.sourceObject.toLowerCase() === 'account' &&
                r.targetObject.toLowerCase() === 'zoho_contact'
        )
        .flatMap((r) => [r.sourceField, ...conditionPaths(r.condition)]);
    return [...BASE_FIELDS, ...wanted, ...conditionPaths(entryCondition)].filter((f) =>
        API_PATH.test(f)
    );
}

const isCurrencyFieldError = (error: unknown) =>
    error instanceof SalesforceApiError &&
    error.errorCode === 'INVALID_FIELD' &&
    /CurrencyIsoCode/.test(error.message);

/**
 * Reads one Account, deleted or not. Multi-currency is detected by asking for
 * `CurrencyIsoCode` (an org without it has no such field) and the answer is remembered.
 */
export function createAccountReader() {
    const multiCurrency = new Map<string, boolean>();
    return async function readAccount(
        client: SalesforceClient,
        key: string,
        accountId: string,
        fields: readonly string[]
    ): Promise<AccountRow | undefined> {
        const run = async (withCurrency: boolean) => {
            const list = soqlFields([...fields, ...(withCurrency ? ['CurrencyIsoCode'] : [])]);
            const query = soql`SELECT ${list} FROM Account WHERE Id = ${soqlId(accountId)} LIMIT 1`;
            const { records } = await queryAll(client, query, accountSchema, {
                includeDeleted: true
            });
            return records[0];
        };
        if (multiCurrency.get(key) !== false) {
            try {
                const row = await run(true);
                multiCurrency.set(key, true);
                return row;
            } catch (error) {
                if (multiCurrency.get(key) === true || !isCurrencyFieldError(error)) throw error;
            }
        }
        multiCurrency.set(key, false);
        return run(false);
    };
}
export type AccountReader = ReturnType<typeof createAccountReader>;

/** Accounts in the recycle bin (deleted, or merged into their `MasterRecordId`). */
export async function deletedAccounts(client: SalesforceClient): Promise<AccountRow[]> {
    const { records } = await queryAll(
        client,
        soql`SELECT Id, Name, IsDeleted, MasterRecordId, LastModifiedDate FROM Account WHERE IsDeleted = true`,
        accountSchema,
        { includeDeleted: true }
    );
    return records;
}

/** The Accounts merged into `masterId` (deleted, their `MasterRecordId` naming it). */
export async function accountsMergedInto(
    client: SalesforceClient,
    masterId: string
): Promise<AccountRow[]> {
    const { records } = await queryAll(
        client,
        soql`SELECT Id, Name, IsDeleted, MasterRecordId, LastModifiedDate FROM Account WHERE MasterRecordId = ${soqlId(masterId)} AND IsDeleted = true`,
        accountSchema,
        { includeDeleted: true }
    );
    return records;
}
