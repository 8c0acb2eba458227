import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { AppError } from '../../src/errors.ts';

/**
 * An error the imitated Books API answers with Zoho's own envelope `{code, message}`. Codes and
 * statuses follow reference §4.3; the constructors below name each one used.
 */
export class ZohoError extends AppError {
    readonly status: ContentfulStatusCode;
    readonly zohoCode: number;

    constructor(status: ContentfulStatusCode, zohoCode: number, message: string) {
        super(`zoho_${zohoCode}`, message, { retryable: status === 429 || status >= 500 });
        this.status = status;
        this.zohoCode = zohoCode;
    }
}

export const zohoErrors = {
    internal: () => new ZohoError(500, 1000, 'Internal error'),
    notAuthorized: () => new ZohoError(401, 57, 'You are not authorized to perform this operation'),
    invalidToken: () => new ZohoError(401, 57, 'Invalid OAuth token.'),
    notAuthenticated: () => new ZohoError(401, 14, 'Invalid value passed for authtoken.'),
    wrongOrganization: (orgId: string) =>
        new ZohoError(
            400,
            6041,
            `This user is not associated with the CompanyID/CompanyName:${orgId}.`
        ),
    invalidValue: (field: string) => new ZohoError(400, 2, `Invalid value passed for ${field}`),
    notFound: (entity: string) => new ZohoError(404, 1002, `${entity} does not exist.`),
    alreadyExists: (what: string) => new ZohoError(400, 1001, `${what} already exists.`),
    malformedJson: () => new ZohoError(400, 1038, 'JSON is not well formed'),
    invalidUrl: () => new ZohoError(404, 5, 'Invalid URL Passed'),
    perMinute: () =>
        new ZohoError(
            429,
            44,
            'Your organization has been blocked as it has exceeded the maximum number of requests per minute. Please try again after some time.'
        ),
    daily: () =>
        new ZohoError(
            429,
            45,
            'You have reached the maximum number of API calls allowed for your organization today. Please try again tomorrow.'
        ),
    concurrency: () =>
        new ZohoError(
            429,
            1070,
            'The number of concurrent requests for your organization has exceeded the limit.'
        )
};

export function envelope(error: ZohoError): { code: number; message: string } {
    return { code: error.zohoCode, message: error.message };
}
