import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { insertRecord } from './dml.ts';
import { verificationKey } from './jwt-bearer.ts';
import { SalesforceError } from './errors.ts';
import { createFaults } from './faults.ts';
import { createApiUsage } from './limits.ts';
import { INTEGRATION_PERMISSION_SET, type Org, type OrgUser, orgSchema } from './org.ts';
import { EventBus } from './platform-events.ts';
import { RecordStore, type SObjectRecord, Transaction } from './records.ts';
import type { SandboxState } from './state.ts';
import { formatDateTime } from './values.ts';

export const companionTargetSchema = z.strictObject({
    url: z.url(),
    connectionId: z.string().min(1),
    secret: z.string().min(1)
});

export const createOrgInputSchema = z.strictObject({
    name: z.string().min(1).max(80).optional(),
    multiCurrency: z.boolean().optional(),
    corporateCurrency: z.string().length(3).optional(),
    dailyApiLimit: z.number().int().positive().optional(),
    refreshTokenRotation: z.boolean().optional(),
    /** A PEM certificate (or public key) for the JWT bearer flow. */
    jwtCertificate: z.string().min(1).max(20_000).optional(),
    companion: companionTargetSchema.optional()
});
export type CreateOrgInput = z.infer<typeof createOrgInputSchema>;

export type OrgCredentials = {
    instance_url: string;
    login_url: string;
    client_id: string;
    client_secret: string;
    refresh_token: string;
    access_token: string;
    username: string;
    org_id: string;
    admin_username: string;
};

/** The stages a new org ships with (Salesforce's defaults). */
const STAGES: Array<[string, number, string, boolean, boolean]> = [
    ['Prospecting', 10, 'Pipeline', false, false],
    ['Qualification', 10, 'Pipeline', false, false],
    ['Needs Analysis', 20, 'Pipeline', false, false],
    ['Value Proposition', 50, 'Pipeline', false, false],
    ['Id. Decision Makers', 60, 'Pipeline', false, false],
    ['Perception Analysis', 70, 'Pipeline', false, false],
    ['Proposal/Price Quote', 75, 'Pipeline', false, false],
    ['Negotiation/Review', 90, 'Pipeline', false, false],
    ['Closed Won', 100, 'Closed', true, true],
    ['Closed Lost', 0, 'Omitted', true, false]
];

function putUser(
    org: Org,
    tx: Transaction,
    user: OrgUser,
    names: { first: string; last: string },
    now: string
) {
    const record: SObjectRecord = {
        Id: user.id,
        Username: user.username,
        Alias: names.first.slice(0, 8).toLowerCase(),
        Email: user.username,
        FirstName: names.first,
        LastName: names.last,
        Name: `${names.first} ${names.last}`,
        IsActive: true,
        TimeZoneSidKey: 'GMT',
        LocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        DefaultCurrencyIsoCode: org.corporateCurrency,
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: org.integrationUserId,
        LastModifiedDate: now,
        LastModifiedById: org.integrationUserId,
        SystemModstamp: now
    };
    org.users.set(user.id, user);
    org.store.put(tx, 'User', record, org.integrationUserId);
}

/** Adds a user; `integration: true` gives the Closebooks_Integration permission set. */
export function addUser(
    state: SandboxState,
    org: Org,
    input: {
        username: string;
        firstName?: string;
        lastName: string;
        permissionSets?: string[];
        integration?: boolean;
    }
): OrgUser {
    const taken = [...org.users.values()].find((u) => u.username === input.username);
    if (taken)
        throw new SalesforceError(
            'DUPLICATE_USERNAME',
            `Duplicate Username.The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations.`,
            { fields: ['Username'] }
        );
    const user: OrgUser = {
        id: state.newId('005'),
        username: input.username,
        permissionSets: [
            ...(input.permissionSets ?? []),
            ...(input.integration ? [INTEGRATION_PERMISSION_SET] : [])
        ]
    };
    const now = formatDateTime(state.clock.now());
    putUser(
        org,
        new Transaction(),
        user,
        { first: input.firstName ?? '', last: input.lastName },
        now
    );
    return user;
}

/** Creates an org with its users, stages, currencies and standard price book, and signs in. */
export function createOrg(
    state: SandboxState,
    input: CreateOrgInput,
    instanceUrl: string
): { org: Org; credentials: OrgCredentials } {
    const id = state.newId('00D');
    const slug = (input.name ?? `org${state.orgs.size + 1}`)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-');
    const multiCurrency = input.multiCurrency ?? false;
    const org: Org = {
        id,
        name: input.name ?? `Sandbox Org ${state.orgs.size + 1}`,
        schema: orgSchema(state.baseSchema, multiCurrency),
        multiCurrency,
        corporateCurrency: input.corporateCurrency ?? 'USD',
        store: new RecordStore(),
        users: new Map(),
        integrationUserId: state.newId('005'),
        adminUserId: state.newId('005'),
        client: {
            clientId: `3MVG9${randomBytes(24).toString('base64url')}`,
            clientSecret: randomBytes(32).toString('hex').toUpperCase(),
            rotateRefreshTokens: input.refreshTokenRotation ?? false,
            jwtKey: input.jwtCertificate ? verificationKey(input.jwtCertificate) : undefined
        },
        companion: input.companion,
        usage: createApiUsage(input.dailyApiLimit ?? state.options.dailyApiLimit),
        faults: createFaults(),
        deliveries: [],
        cursors: new Map(),
        bus: new EventBus(),
        newId: state.newId,
        counters: new Map()
    };
    const tx = new Transaction();
    const now = formatDateTime(state.clock.now());
    const integration = {
        id: org.integrationUserId,
        username: `integration@${slug}.sandbox`,
        permissionSets: [INTEGRATION_PERMISSION_SET]
    };
    const admin = { id: org.adminUserId, username: `admin@${slug}.sandbox`, permissionSets: [] };
    putUser(org, tx, integration, { first: 'Closebooks', last: 'Integration' }, now);
    putUser(org, tx, admin, { first: 'Ada', last: 'Admin' }, now);
    org.store.put(
        tx,
        'Organization',
        {
            Id: id,
            Name: org.name,
            IsSandbox: false,
            OrganizationType: 'Developer Edition',
            TrialExpirationDate: null,
            InstanceName: 'SIM1',
            NamespacePrefix: null,
            DefaultLocaleSidKey: 'en_US',
            TimeZoneSidKey: 'GMT',
            LanguageLocaleKey: 'en_US',
            FiscalYearStartMonth: 1,
            DefaultCurrencyIsoCode: org.corporateCurrency
        },
        admin.id
    );
    const ctx = { org, tx, userId: admin.id, now: state.clock.now(), options: { system: true } };
    STAGES.forEach(([name, probability, forecast, closed, won], index) =>
        insertRecord(ctx, 'OpportunityStage', {
            ApiName: name,
            MasterLabel: name,
            IsActive: true,
            IsClosed: closed,
            IsWon: won,
            DefaultProbability: probability,
            ForecastCategoryName: forecast,
            SortOrder: index + 1
        })
    );
    insertRecord(ctx, 'CurrencyType', {
        IsoCode: org.corporateCurrency,
        ConversionRate: 1,
        DecimalPlaces: 2,
        IsActive: true,
        IsCorporate: true
    });
    insertRecord(ctx, 'Pricebook2', {
        Name: 'Standard Price Book',
        IsActive: true,
        IsStandard: true
    });
    for (const record of state.baseSchema.customMetadata) {
        const type = org.schema.objects.get(record.type.toLowerCase());
        if (!type) continue;
        org.store.put(
            tx,
            type.name,
            {
                Id: state.newId(type.keyPrefix),
                DeveloperName: record.developerName,
                MasterLabel: record.label,
                Label: record.label,
                QualifiedApiName: record.developerName,
                NamespacePrefix: null,
                Language: 'en_US',
                ...record.values
            },
            admin.id
        );
    }
    state.orgs.set(id, org);
    state.orgByClientId.set(org.client.clientId, id);
    const refreshToken = state.sessions.issueRefresh({
        orgId: id,
        userId: integration.id,
        clientId: org.client.clientId
    });
    return {
        org,
        credentials: {
            instance_url: instanceUrl,
            login_url: instanceUrl,
            client_id: org.client.clientId,
            client_secret: org.client.clientSecret,
            refresh_token: refreshToken,
            access_token: state.sessions.issueAccess(
                id,
                integration.id,
                state.clock.now(),
                refreshToken
            ),
            username: integration.username,
            org_id: id,
            admin_username: admin.username
        }
    };
}
