import { z } from 'zod';

/**
 * Zoho Accounts token endpoint answers (reference §2.3). Failures come back as HTTP 200 with an
 * `error` key, so parse the body with `tokenEndpointResponseSchema` and branch on `error`.
 */

export const tokenSuccessSchema = z.looseObject({
    access_token: z.string().min(1),
    refresh_token: z.string().optional(),
    api_domain: z.url(),
    token_type: z.string(),
    expires_in: z.number(),
    expires_in_sec: z.number().optional(),
    scope: z.string().optional()
});
export type TokenSuccess = z.infer<typeof tokenSuccessSchema>;

export const tokenErrorSchema = z.looseObject({
    error: z.string(),
    error_description: z.string().optional(),
    status: z.string().optional()
});
export type TokenError = z.infer<typeof tokenErrorSchema>;

export const tokenEndpointResponseSchema = z.union([tokenErrorSchema, tokenSuccessSchema]);
export type TokenEndpointResponse = z.infer<typeof tokenEndpointResponseSchema>;

export const revokeResponseSchema = z.looseObject({
    status: z.string(),
    error: z.string().optional()
});
export type RevokeResponse = z.infer<typeof revokeResponseSchema>;

/** `GET /oauth/serverinfo`: location code → accounts server. */
export const serverInfoSchema = z.looseObject({
    result: z.string(),
    locations: z.record(z.string(), z.url())
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

/** The query string Zoho appends to the redirect URI after consent. */
export const authorizationCallbackSchema = z.union([
    z.looseObject({
        code: z.string().min(1),
        location: z.string().min(2),
        'accounts-server': z.url(),
        state: z.string().optional()
    }),
    z.looseObject({ error: z.string(), state: z.string().optional() })
]);
export type AuthorizationCallback = z.infer<typeof authorizationCallbackSchema>;
