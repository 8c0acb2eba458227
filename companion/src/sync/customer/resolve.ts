import { z } from 'zod';

import type { JobContext } from '../../jobs/worker.ts';
import { updateMany } from '../../salesforce/writes.ts';
import { getBaseline, getConflict, putBaseline } from '../../store/customer-sync.ts';
import type { Job } from '../../store/jobs.ts';
import { digestRequest, recordWrite } from '../../store/journal.ts';
import { applyPersonConflict, isPersonConflict } from './contact-persons/settle.ts';
import { updateBody, valuesHash } from './fields.ts';
import { canonical } from './merge.ts';
import { CustomerJobError } from './outbound.ts';
import { AccountWriteError } from './reconcile.ts';
import type { CustomerSync, CustomerSyncDeps } from './sync.ts';

export const CONFLICT_RESOLVE_JOB = 'customer.conflict.resolve';

const payloadSchema = z.looseObject({ conflictId: z.string().regex(/^\d+$/) });
const resolutionSchema = z.looseObject({ value: z.unknown() });

/**
 * Applies a settled conflict (F2): the value a person chose is written to both sides (the Zoho
 * contact and the Account, or for a contact person's field the Zoho person and the Contact) and
 * becomes the agreed value, so neither write comes back as a change. Repeating it writes the
 * same value again and changes nothing.
 */
export function createConflictResolver(deps: CustomerSyncDeps, sync: CustomerSync) {
    async function handle(job: Job, ctx: JobContext): Promise<void> {
        const payload = payloadSchema.safeParse(job.payload);
        if (!payload.success || !job.connectionId)
            throw new CustomerJobError('conflict_job_malformed', `job ${job.id} names no conflict`);
        const connectionId = job.connectionId;
        const conflict = await getConflict(deps.db, connectionId, payload.data.conflictId);
        const resolution = resolutionSchema.safeParse(conflict?.resolution);
        if (!conflict || conflict.resolvedAtMs === null || !resolution.success)
            throw new CustomerJobError(
                'conflict_not_settled',
                `conflict ${payload.data.conflictId} has no chosen value`
            );
        const value = canonical(resolution.data.value);
        const meta = { connectionId, actor: `job:${job.id}`, correlationId: job.correlationId };
        const pair = await sync.pairContext(connectionId, conflict.zohoOrganizationId);
        if (isPersonConflict(conflict)) {
            await applyPersonConflict(deps, pair, conflict, value, meta);
            ctx.log.info(
                {
                    conflictId: conflict.id,
                    contactId: conflict.salesforceContactId,
                    field: conflict.zohoField
                },
                'contact person conflict settled on both sides'
            );
            return;
        }
        const contact = await pair.zoho.contacts.get(conflict.contactId);
        const body = updateBody(contact, { [conflict.zohoField]: value });
        await pair.zoho.contacts.update(conflict.contactId, body);
        await recordWrite(deps.db, {
            ...meta,
            target: 'zoho',
            operation: 'zoho.contact.update',
            subject: conflict.contactId,
            requestDigest: digestRequest(body),
            outcome: 'ok',
            detail: { conflictId: conflict.id, fields: [conflict.zohoField] }
        });
        const fields = { [conflict.salesforceField]: value };
        const [result] = await updateMany(pair.salesforce, 'Account', [
            { Id: conflict.accountId, ...fields }
        ]);
        if (!result?.ok)
            throw new AccountWriteError(
                conflict.accountId,
                result?.errors.map((e) => e.message).join('; ') ?? 'no answer'
            );
        await deps.db.transaction(async (tx) => {
            await recordWrite(tx, {
                ...meta,
                target: 'salesforce',
                operation: 'salesforce.account.update',
                subject: conflict.accountId,
                requestDigest: digestRequest(fields),
                outcome: 'ok',
                detail: { conflictId: conflict.id, fields: [conflict.salesforceField] }
            });
            const stored = await getBaseline(tx, connectionId, conflict.accountId);
            const agreed = { ...stored?.agreed, [conflict.zohoField]: value };
            await putBaseline(
                tx,
                connectionId,
                {
                    accountId: conflict.accountId,
                    zohoOrganizationId: conflict.zohoOrganizationId,
                    contactId: conflict.contactId,
                    agreed,
                    dataHash: valuesHash(pair.policies, agreed)
                },
                deps.clock.now()
            );
        });
        ctx.log.info(
            { conflictId: conflict.id, accountId: conflict.accountId, field: conflict.zohoField },
            'conflict settled on both sides'
        );
    }
    return { handle };
}
