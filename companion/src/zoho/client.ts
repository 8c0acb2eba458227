import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { ZohoRegion } from '../store/connections.ts';
import { createZohoHttp, type RetryPolicy } from './http.ts';
import type { ZohoRateLimiter } from './rate-limiter.ts';
import type { Priority } from './rate-policy.ts';
import { ZOHO_DATA_CENTRES, type ZohoEndpoints } from './regions.ts';
import { contactPersonsResource, contactsResource } from './resources/contacts.ts';
import { customFieldsResource } from './resources/custom-fields.ts';
import { invoicesResource } from './resources/invoices.ts';
import { creditNotesResource, paymentsResource } from './resources/sales.ts';
import {
    currenciesResource,
    itemsResource,
    organizationsResource,
    taxesResource
} from './resources/settings.ts';
import type { AccessTokenSource } from './tokens.ts';

/** A region's real domains, or explicit endpoints (the simulator in sandbox mode). */
export type ZohoTarget =
    | { region: ZohoRegion; endpoints?: undefined }
    | { endpoints: ZohoEndpoints; region?: undefined };

export type ZohoClientDeps = ZohoTarget & {
    organizationId: string;
    tokens: AccessTokenSource;
    limiter: ZohoRateLimiter;
    clock: Clock;
    fetch: typeof fetch;
    log: Logger;
    /** Priority of calls that do not name one (default `job`). */
    priority?: Priority;
    retry?: Partial<RetryPolicy>;
    timeoutMs?: number;
    random?: () => number;
};

/**
 * A Zoho Books client for one organization: typed resources over the request core, which
 * paces every call through the rate limiter and maps every non-zero `code` to a typed error.
 */
export function createZohoClient(deps: ZohoClientDeps) {
    const endpoints = deps.endpoints ?? ZOHO_DATA_CENTRES[deps.region];
    const http = createZohoHttp({
        apiDomain: endpoints.apiDomain,
        organizationId: deps.organizationId,
        tokens: deps.tokens,
        limiter: deps.limiter,
        clock: deps.clock,
        fetch: deps.fetch,
        log: deps.log,
        retry: deps.retry,
        timeoutMs: deps.timeoutMs,
        random: deps.random
    });
    const ctx = { http, priority: deps.priority ?? 'job' };
    return {
        organizationId: deps.organizationId,
        organizations: organizationsResource(ctx, deps.organizationId),
        contacts: contactsResource(ctx),
        contactPersons: contactPersonsResource(ctx),
        items: itemsResource(ctx),
        taxes: taxesResource(ctx),
        currencies: currenciesResource(ctx),
        customFields: customFieldsResource(ctx),
        invoices: invoicesResource(ctx),
        payments: paymentsResource(ctx),
        creditNotes: creditNotesResource(ctx)
    };
}

export type ZohoClient = ReturnType<typeof createZohoClient>;
