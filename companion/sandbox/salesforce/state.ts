import type { SandboxClock } from '../clock.ts';
import type { QueuedDelivery } from './delivery.ts';
import { notFound } from './errors.ts';
import type { IdFactory } from './ids.ts';
import type { Org } from './org.ts';
import type { Schema } from './schema/types.ts';
import type { Sessions } from './sessions.ts';

/** API versions the simulated org serves (reference §A.0: v31.0 up to v67.0, Summer '26). */
export const MIN_API_VERSION = 31;
export const LATEST_API_VERSION = 67;

export type SandboxOptions = {
    dailyApiLimit: number;
    /** Page size of query results (default and maximum 2,000, reference §A.5). */
    queryBatchSize: number;
};

/** Everything the simulator's routes share. */
export type SandboxState = {
    clock: SandboxClock;
    baseSchema: Schema;
    orgs: Map<string, Org>;
    orgByClientId: Map<string, string>;
    sessions: Sessions;
    fetch: typeof fetch;
    newId: IdFactory;
    options: SandboxOptions;
    /** Outgoing event calls not yet finished (tests await them through `settle()`). */
    pending: Set<Promise<unknown>>;
    /** Event deliveries waiting for their start time on the sandbox clock (retries). */
    queued: QueuedDelivery[];
    /** Checks `queued` against the clock while anything is queued. */
    poller?: NodeJS.Timeout;
};

export function orgOrThrow(state: SandboxState, orgId: string): Org {
    const org = state.orgs.get(orgId);
    if (!org) throw notFound(`No org with id ${orgId}`);
    return org;
}
