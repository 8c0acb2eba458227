import { z } from 'zod';

import { compositeQueries } from '../../salesforce/composite.ts';
import type { SalesforceClient } from '../../salesforce/connection.ts';
import { SalesforceApiError } from '../../salesforce/errors.ts';
import { soql, soqlId } from '../../salesforce/soql.ts';

/** Who collections records and notices are for: the account owner, and the owner's manager. */

const ownerSchema = z.looseObject({
    Id: z.string(),
    Name: z.string(),
    OwnerId: z.string(),
    Owner: z.looseObject({ Email: z.string().nullish(), ManagerId: z.string().nullish() }).nullish()
});
const managerSchema = z.looseObject({
    Id: z.string(),
    Email: z.string().nullish(),
    IsActive: z.boolean().nullish()
});

/** The account with its owner's e-mail and manager; an account not visible is a lasting error. */
export async function readAccountOwner(sf: SalesforceClient, accountId: string) {
    const [rows = []] = await compositeQueries(sf, [
        soql`SELECT Id, Name, OwnerId, Owner.Email, Owner.ManagerId FROM Account WHERE Id = ${soqlId(accountId)}`
    ]);
    if (rows[0] === undefined)
        throw new SalesforceApiError('NOT_FOUND', `Account ${accountId} is not visible`, {
            retryable: false
        });
    return ownerSchema.parse(rows[0]);
}

/** The owner's manager (`User.ManagerId`) when active, so a record can be assigned to them. */
export async function readManager(
    sf: SalesforceClient,
    managerId: string | null | undefined
): Promise<{ id: string; email: string | null } | null> {
    if (!managerId) return null;
    const [rows = []] = await compositeQueries(sf, [
        soql`SELECT Id, Email, IsActive FROM User WHERE Id = ${soqlId(managerId)}`
    ]);
    const manager = rows[0] === undefined ? undefined : managerSchema.parse(rows[0]);
    if (!manager || manager.IsActive === false) return null;
    return { id: manager.Id, email: manager.Email ?? null };
}
