import {
    type SalesforceEvent,
    type SalesforceEventBatch,
    salesforceEventBatchSchema
} from '../../src/contracts/salesforce-events.ts';

import type { DeliveryAttempt } from './delivery.ts';
import { enqueueDelivery, eventBatch, settleDeliveries } from './delivery-queue.ts';
import { notFound } from './errors.ts';
import { applyFaults, type FaultsInput } from './faults.ts';
import { normalizeId } from './ids.ts';
import { usedRequests } from './limits.ts';
import {
    localMessage,
    localRecord,
    orgChannel,
    orgFields,
    orgObjectName
} from './control-names.ts';
import { deployMetadata, type MetadataFields } from './metadata.ts';
import { addUser, createOrg, type CreateOrgInput, type OrgCredentials } from './org-factory.ts';
import type { CompanionTarget, Org, OrgUser } from './org.ts';
import type { PlatformEventMessage } from './platform-events.ts';
import type { SObjectRecord } from './records.ts';
import {
    deleteAs,
    mergeAs,
    type SeedInput,
    type SeedResult,
    seedRecords,
    updateAs,
    updateManyAs,
    userIdFor
} from './seed.ts';
import { oauthTokenFor } from './oauth.ts';
import { orgOrThrow, type SandboxState } from './state.ts';

export type ApiUsageSummary = { used: number; limit: number; remaining: number };

/** Typed in-process helpers for tests and the demo; the `/_sandbox/` routes call the same. */
export type ControlApi = {
    createOrg(input?: CreateOrgInput & { instanceUrl?: string }): OrgCredentials;
    org(orgId: string): Org;
    addUser(
        orgId: string,
        input: {
            username: string;
            firstName?: string;
            lastName: string;
            integration?: boolean;
            permissionSets?: string[];
        }
    ): OrgUser;
    /** A session for any user of the org, e.g. a normal user whose changes fire the triggers. */
    sessionFor(
        orgId: string,
        username: string,
        instanceUrl?: string
    ): { access_token: string; instance_url: string; user_id: string };
    seed(orgId: string, input: SeedInput): SeedResult;
    update(
        orgId: string,
        object: string,
        id: string,
        fields: Record<string, unknown>,
        as?: string
    ): SObjectRecord;
    /** Updates several records of one object in one statement, as Apex DML or the Bulk API would. */
    updateMany(
        orgId: string,
        object: string,
        records: ReadonlyArray<{ Id: string } & Record<string, unknown>>,
        as?: string
    ): SObjectRecord[];
    remove(orgId: string, object: string, id: string, as?: string): void;
    /** Merges one or two records into a master, as Apex `merge` does (see merge.ts). */
    merge(orgId: string, object: string, masterId: string, mergedIds: string[], as?: string): void;
    records(orgId: string, object: string): SObjectRecord[];
    /**
     * Creates or replaces a custom metadata record (as a Metadata API deploy would; REST DML
     * cannot write custom metadata). `fields` holds the record's values; `Label` sets its label.
     */
    deployMetadata(
        orgId: string,
        type: string,
        developerName: string,
        fields: MetadataFields
    ): SObjectRecord;
    setCompanion(orgId: string, target: CompanionTarget | undefined): void;
    setFaults(orgId: string, faults: FaultsInput): void;
    expireSessions(orgId: string): number;
    usage(orgId: string): ApiUsageSummary;
    publishedEvents(orgId: string): PlatformEventMessage[];
    subscribe(
        orgId: string,
        listener: (message: PlatformEventMessage) => void,
        channel?: string
    ): () => void;
    deliveries(orgId: string): DeliveryAttempt[];
    /**
     * Queues events as the package's `CompanionEventService.send` does (one Queueable, one POST),
     * e.g. the `invoice.requested` of a "Create invoice now" click.
     */
    sendEvents(orgId: string, events: SalesforceEvent[]): SalesforceEventBatch;
    /** Sends a recorded batch again now, with the same batch id, as a first attempt. */
    redeliver(orgId: string, batchId: string): void;
    /**
     * Resolves when every event call due by now on the sandbox clock has finished; retries due
     * later wait until the clock reaches them.
     */
    settle(): Promise<void>;
};

export function controlApi(
    state: SandboxState,
    defaultInstanceUrl = 'http://127.0.0.1'
): ControlApi {
    const org = (orgId: string) => orgOrThrow(state, orgId);
    return {
        createOrg: ({ instanceUrl, ...input } = {}) =>
            createOrg(state, input, instanceUrl ?? defaultInstanceUrl).credentials,
        org,
        addUser: (orgId, input) => addUser(state, org(orgId), input),
        sessionFor: (orgId, username, instanceUrl = defaultInstanceUrl) => {
            const target = org(orgId);
            const userId = userIdFor(target, username);
            return {
                access_token: oauthTokenFor(state, target, userId),
                instance_url: instanceUrl,
                user_id: userId
            };
        },
        seed: (orgId, input) => {
            const target = org(orgId);
            const records = input.records.map((r) => {
                const object = orgObjectName(target, r.object);
                return { ...r, object, fields: orgFields(target, object, r.fields) };
            });
            return seedRecords(state, target, { ...input, records });
        },
        update: (orgId, object, id, fields, as) => {
            const target = org(orgId);
            const name = orgObjectName(target, object);
            const record = updateAs(state, target, name, id, orgFields(target, name, fields), as);
            return localRecord(target, record);
        },
        updateMany: (orgId, object, records, as) => {
            const target = org(orgId);
            const name = orgObjectName(target, object);
            const rows = records.map((r) => orgFields(target, name, r));
            return updateManyAs(state, target, name, rows, as).map((r) => localRecord(target, r));
        },
        remove: (orgId, object, id, as) =>
            deleteAs(state, org(orgId), orgObjectName(org(orgId), object), id, as),
        merge: (orgId, object, masterId, mergedIds, as) =>
            mergeAs(state, org(orgId), orgObjectName(org(orgId), object), masterId, mergedIds, as),
        records: (orgId, object) => {
            const target = org(orgId);
            const def = target.schema.objects.get(orgObjectName(target, object).toLowerCase());
            return def ? target.store.all(def.name).map((r) => localRecord(target, r)) : [];
        },
        deployMetadata: (orgId, type, developerName, fields) => {
            const target = org(orgId);
            const name = orgObjectName(target, type);
            const { record } = deployMetadata(
                state,
                target,
                name,
                developerName,
                orgFields(target, name, fields)
            );
            return localRecord(target, record);
        },
        setCompanion: (orgId, target) => {
            org(orgId).companion = target;
        },
        setFaults: (orgId, faults) =>
            applyFaults(org(orgId).faults, faults, (id) => normalizeId(id) ?? id),
        expireSessions: (orgId) => state.sessions.expireOrg(org(orgId).id),
        usage: (orgId) => {
            const usage = org(orgId).usage;
            const used = usedRequests(usage, state.clock.now());
            return { used, limit: usage.limit, remaining: Math.max(0, usage.limit - used) };
        },
        publishedEvents: (orgId) => {
            const target = org(orgId);
            return target.bus.history.map((m) => localMessage(target, m));
        },
        subscribe: (orgId, listener, channel) => {
            const target = org(orgId);
            return target.bus.subscribe(
                (m) => listener(localMessage(target, m)),
                channel === undefined ? undefined : orgChannel(target, channel)
            );
        },
        deliveries: (orgId) => [...org(orgId).deliveries],
        sendEvents: (orgId, events) => {
            const target = org(orgId);
            const batch = salesforceEventBatchSchema.parse(
                eventBatch(target, events, state.clock.now())
            );
            enqueueDelivery(state, target, batch);
            return batch;
        },
        redeliver: (orgId, batchId) => {
            const target = org(orgId);
            const found = target.deliveries.find((d) => d.batchId === batchId);
            if (!found) throw notFound(`No event call with batch id ${batchId}`);
            enqueueDelivery(state, target, found.batch);
        },
        settle: () => settleDeliveries(state)
    };
}
