import { z } from 'zod';

/**
 * Faults an org injects into its own API (reference §H.9): slow answers, server errors for the
 * next N requests, an exhausted daily allocation, records locked by another transaction.
 * Session expiry is an action on the sessions, not a standing fault.
 */
export type Faults = {
    latencyMs: number;
    serverErrors: { status: 500 | 503; remaining: number } | undefined;
    requestLimitExceeded: boolean;
    lockedIds: Set<string>;
};

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
    lockedIds: z.array(z.string()).optional()
});
export type FaultsInput = z.infer<typeof faultsInputSchema>;

export function createFaults(): Faults {
    return {
        latencyMs: 0,
        serverErrors: undefined,
        requestLimitExceeded: false,
        lockedIds: new Set()
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
