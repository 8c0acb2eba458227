import { z } from 'zod';

import { commitTransaction } from './commit.ts';
import { deleteRecord, type DmlContext, insertRecord, updateRecord } from './dml.ts';
import { SalesforceError } from './errors.ts';
import { mergeRecords } from './merge.ts';
import type { Org } from './org.ts';
import { Transaction } from './records.ts';
import type { SandboxState } from './state.ts';

/** A field value, or `{ ref }` naming an earlier seeded record (or a built-in ref). */
const seedValueSchema = z.union([z.strictObject({ ref: z.string() }), z.unknown()]);

const seedRecordSchema = z.strictObject({
    object: z.string().min(1),
    ref: z.string().min(1).optional(),
    fields: z.record(z.string(), seedValueSchema)
});

export const seedInputSchema = z.strictObject({
    records: z.array(seedRecordSchema).min(1),
    /** Username to act as; default: the org's admin (a normal user, so triggers fire). */
    as: z.string().optional()
});
export type SeedInput = z.infer<typeof seedInputSchema>;

export type SeedResult = {
    ids: Record<string, string>;
    created: Array<{ object: string; id: string; ref?: string }>;
};

export function userIdFor(org: Org, username: string | undefined): string {
    if (!username) return org.adminUserId;
    const user = [...org.users.values()].find((u) => u.username === username);
    if (!user)
        throw new SalesforceError('NOT_FOUND', `No user ${username} in org ${org.id}`, {
            status: 404
        });
    return user.id;
}

function builtInRefs(org: Org): Record<string, string> {
    const standard = org.store.all('Pricebook2').find((p) => p.IsStandard === true);
    return {
        standardPricebook: standard?.Id ?? '',
        integrationUser: org.integrationUserId,
        adminUser: org.adminUserId,
        organization: org.id
    };
}

/**
 * Runs a write as a user in one transaction — exactly like one REST call: before-save package
 * behaviour in the transaction, event calls to the companion after commit. Setup objects
 * (currencies, dated rates) may be written, as an admin would in Setup.
 */
function inTransaction<T>(
    state: SandboxState,
    org: Org,
    userId: string,
    work: (ctx: DmlContext) => T
): T {
    const tx = new Transaction();
    const ctx: DmlContext = { org, tx, userId, now: state.clock.now(), options: { system: true } };
    try {
        const result = work(ctx);
        commitTransaction(state, org, tx);
        return result;
    } catch (error) {
        tx.rollback();
        throw error;
    }
}

export function seedRecords(state: SandboxState, org: Org, input: SeedInput): SeedResult {
    const ids: Record<string, string> = { ...builtInRefs(org) };
    const created: SeedResult['created'] = [];
    inTransaction(state, org, userIdFor(org, input.as), (ctx) => {
        for (const record of input.records) {
            if (record.object.toLowerCase() === 'user')
                throw new SalesforceError(
                    'INVALID_TYPE',
                    'seed: add users with POST /_sandbox/orgs/:orgId/users (addUser)'
                );
            const fields: Record<string, unknown> = {};
            for (const [name, value] of Object.entries(record.fields)) {
                const ref =
                    typeof value === 'object' && value !== null && 'ref' in value
                        ? String(value.ref)
                        : undefined;
                if (ref !== undefined && !ids[ref])
                    throw new SalesforceError(
                        'INVALID_FIELD',
                        `seed: unknown ref ${ref} in ${record.object}.${name}`
                    );
                fields[name] = ref !== undefined ? ids[ref] : value;
            }
            const saved = insertRecord(ctx, record.object, fields);
            if (record.ref) ids[record.ref] = saved.Id;
            created.push({
                object: record.object,
                id: saved.Id,
                ...(record.ref ? { ref: record.ref } : {})
            });
        }
    });
    return { ids, created };
}

export function updateAs(
    state: SandboxState,
    org: Org,
    object: string,
    id: string,
    fields: Record<string, unknown>,
    as?: string
) {
    return inTransaction(state, org, userIdFor(org, as), (ctx) =>
        updateRecord(ctx, object, id, fields)
    );
}

/** Updates records of one object in one DML statement (triggers run per 200), as a user. */
export function updateManyAs(
    state: SandboxState,
    org: Org,
    object: string,
    records: ReadonlyArray<{ Id: string } & Record<string, unknown>>,
    as?: string
) {
    return inTransaction(state, org, userIdFor(org, as), (ctx) =>
        records.map(({ Id, ...fields }) => updateRecord(ctx, object, Id, fields))
    );
}

/** Merges records into a master in one transaction, as a user (see merge.ts). */
export function mergeAs(
    state: SandboxState,
    org: Org,
    object: string,
    masterId: string,
    mergedIds: readonly string[],
    as?: string
) {
    inTransaction(state, org, userIdFor(org, as), (ctx) =>
        mergeRecords(ctx, object, masterId, mergedIds)
    );
}

export function deleteAs(state: SandboxState, org: Org, object: string, id: string, as?: string) {
    inTransaction(state, org, userIdFor(org, as), (ctx) => deleteRecord(ctx, object, id));
}
