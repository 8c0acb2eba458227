import { Hono } from 'hono';
import { pino } from 'pino';

import { createSandboxClock, type SandboxClock } from '../clock.ts';
import type { Logger } from '../../src/log.ts';
import { LOST_RESPONSE_HEADER, booksPipeline, zohoErrorResponse } from './api.ts';
import { controlRoutes } from './control.ts';
import type { SandboxDeps } from './deps.ts';
import { ZohoError, zohoErrors } from './errors.ts';
import { createFaultStore, type FaultRule, type FaultRuleInput } from './faults.ts';
import { createRateLimiter, DEFAULT_LIMITS, type SandboxLimits } from './limits.ts';
import { oauthRoutes } from './oauth.ts';
import {
    addCustomField,
    createOrganization,
    type OrgCredentials,
    type OrgInput,
    type customFieldDefSchema
} from './provision.ts';
import { contactPersonRoutes } from './routes/contact-persons.ts';
import { contactRoutes } from './routes/contacts.ts';
import { creditNoteRoutes } from './routes/creditnotes.ts';
import { customFieldRoutes } from './routes/custom-fields.ts';
import { currencyRoutes } from './routes/currencies.ts';
import { invoiceActionRoutes } from './routes/invoice-actions.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { itemRoutes } from './routes/items.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { paymentRoutes } from './routes/payments.ts';
import { taxRoutes } from './routes/taxes.ts';
import { webhookSettingsRoutes } from './routes/webhook-settings.ts';
import { seedOrganization, type SeedInput, type SeedResult } from './seed.ts';
import { createState, type CustomFieldDef, type SandboxState } from './state.ts';
import { createTokenStore } from './tokens.ts';
import {
    createWebhookDispatcher,
    type WebhookDispatcher,
    type WebhookRule,
    type WebhookRuleInput
} from './webhooks.ts';
import type { z } from 'zod';

/**
 * The Zoho Books simulator: Zoho Accounts servers for every data centre, the Books v3 API and
 * the `/_sandbox/` control surface on one origin, with state in memory and time read only from
 * the injected clock. Use `app.request()` / `sandbox.fetch` in process, or serve `app` on a
 * port; URLs in credentials derive from the origin of the request that created them.
 */
export type ZohoSandboxOptions = {
    clock?: SandboxClock;
    limits?: Partial<SandboxLimits>;
    /** Used to deliver webhooks. */
    fetch?: typeof fetch;
    log?: Logger;
    /** Retry delays (simulated ms) after each failed webhook delivery. */
    webhookRetryDelaysMs?: number[];
    /** Rolls the dice for fault rules with a `probability` (default Math.random). */
    random?: () => number;
};

export type ZohoSandbox = {
    /** Accounts servers, Books API and `/_sandbox/` on one origin (layout in `regions.ts`). */
    app: Hono;
    clock: SandboxClock;
    /** Live limits; change fields to tighten or relax them mid-test. */
    limits: SandboxLimits;
    state: SandboxState;
    webhooks: WebhookDispatcher;
    /**
     * A `fetch` that calls the app in process and behaves like the network on faults: a lost
     * response rejects as a reset connection, a timeout rejects when the caller aborts.
     */
    fetch: typeof fetch;
    /** Same as `POST /_sandbox/orgs`; URLs are built on `origin` (default `http://localhost`, what `app.request` uses). */
    createOrg(input?: OrgInput, origin?: string): OrgCredentials;
    addCustomField(orgId: string, input: z.input<typeof customFieldDefSchema>): CustomFieldDef;
    addWebhook(orgId: string, input: WebhookRuleInput): WebhookRule;
    /** Same as `POST /_sandbox/orgs/:id/seed`. */
    seed(orgId: string, input: SeedInput): Promise<SeedResult>;
    setFault(input: FaultRuleInput): FaultRule;
    clearFaults(faultId?: string): void;
    expireAccessTokens(): number;
};

export function createZohoSandbox(options: ZohoSandboxOptions = {}): ZohoSandbox {
    const clock = options.clock ?? createSandboxClock();
    const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits };
    const state = createState();
    const log = options.log ?? pino({ level: 'silent' });
    const faults = createFaultStore(state.nextId, options.random);
    const now = () => clock.now();
    const deps: SandboxDeps = {
        state,
        clock,
        limits,
        log,
        faults,
        tokens: createTokenStore(() => limits, now),
        limiter: createRateLimiter(() => limits, now),
        webhooks: createWebhookDispatcher({
            fetch: options.fetch ?? fetch,
            now,
            faults,
            nextId: state.nextId,
            log,
            retryDelaysMs: options.webhookRetryDelaysMs
        })
    };

    const books = booksPipeline(deps)
        .route('/', organizationRoutes(deps))
        .route('/', contactPersonRoutes(deps))
        .route('/', contactRoutes(deps))
        .route('/', itemRoutes(deps))
        .route('/', taxRoutes(deps))
        .route('/', currencyRoutes(deps))
        .route('/', invoiceActionRoutes(deps))
        .route('/', invoiceRoutes(deps))
        .route('/', paymentRoutes(deps))
        .route('/', creditNoteRoutes(deps))
        .route('/', webhookSettingsRoutes(deps))
        .route('/', customFieldRoutes())
        .all('*', () => {
            throw zohoErrors.invalidUrl();
        });

    const seed = (orgId: string, input: SeedInput) => seedOrganization(deps, app, orgId, input);
    const app: Hono = new Hono()
        .route('/_sandbox', controlRoutes(deps, seed))
        .route('/dc/:dc/accounts', oauthRoutes(deps))
        .route('/dc/:dc/api/books/v3', books);
    app.onError((error, c) => {
        if (error instanceof ZohoError) return zohoErrorResponse(c, error);
        log.error({ err: error }, 'zoho sandbox handler failed');
        return zohoErrorResponse(c, zohoErrors.internal());
    });
    app.notFound((c) => zohoErrorResponse(c, zohoErrors.invalidUrl()));

    const sandboxFetch: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        const res = await app.fetch(request);
        const lost = res.headers.get(LOST_RESPONSE_HEADER);
        if (lost === 'reset')
            throw new TypeError('fetch failed', {
                cause: new Error('socket hang up (sandbox lost_response)')
            });
        if (lost === 'timeout' && request.signal.aborted) throw request.signal.reason;
        return res;
    };

    return {
        app,
        clock,
        limits,
        state,
        webhooks: deps.webhooks,
        fetch: sandboxFetch,
        createOrg: (input = {}, origin = 'http://localhost') =>
            createOrganization(deps, input, origin),
        addCustomField: (orgId, input) => addCustomField(deps, orgId, input),
        addWebhook: (orgId, input) => deps.webhooks.addRule(orgId, input),
        seed,
        setFault: (input) => faults.add(input),
        clearFaults: (faultId) => faults.clear(faultId),
        expireAccessTokens: () => deps.tokens.expireAccessTokens()
    };
}
