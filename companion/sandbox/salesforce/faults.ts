import { z } from 'zod';

/**
 * Faults an org injects into its own API (reference §H.9): slow answers, server errors for the
 * next N requests, an exhausted daily allocation, records locked by another transaction, and
 * validation rules a subscriber org may add (FIELD_CUSTOM_VALIDATION_EXCEPTION).
 * Session expiry is an action on the sessions, not a standing fault.
 */
export type Faults = {
    latencyMs: number;
    serverErrors: { status: 500 | 503; remaining: number } | undefined;
    requestLimitExceeded: boolean;
    lockedIds: Set<string>;
    /** Stand-ins for subscriber validation rules: every save of the object fails with them. */
    validationRules: ValidationRule[];
};

export type ValidationRule = { object: string; message: string; field?: string };

export const faultsInputSchema = z.strictObject({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    serverErrors: z
        .strictObject({
            status: z.union([z.literal(500), z.literal(503)]),
            count: z.number().int().min(1)
        })
        .nullable()
        .optional(),
    requestLimitExceeded: z.boolean().optional(),
    lockedIds: z.array(z.string()).optional(),
    validationRules: z
        .array(
            z.strictObject({
                object: z.string(),
                message: z.string().min(1),
                field: z.string().optional()
            })
        )
        .optional()
});
export type FaultsInput = z.infer<typeof faultsInputSchema>;

export function createFaults(): Faults {
    return {
        latencyMs: 0,
        serverErrors: undefined,
        requestLimitExceeded: false,
        lockedIds: new Set(),
        validationRules: []
    };
}

export function applyFaults(
    faults: Faults,
    input: FaultsInput,
    normalize: (id: string) => string
): void {
    if (input.latencyMs !== undefined) faults.latencyMs = input.latencyMs;
    if (input.serverErrors !== undefined)
        faults.serverErrors = input.serverErrors
            ? { status: input.serverErrors.status, remaining: input.serverErrors.count }
            : undefined;
    if (input.requestLimitExceeded !== undefined)
        faults.requestLimitExceeded = input.requestLimitExceeded;
    if (input.validationRules !== undefined) faults.validationRules = input.validationRules;
    if (input.lockedIds !== undefined) faults.lockedIds = new Set(input.lockedIds.map(normalize));
}

/** Takes one injected server error, if any are left. */
export function takeServerError(faults: Faults): 500 | 503 | undefined {
    const pending = faults.serverErrors;
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults.serverErrors = undefined;
    return pending.status;
}
