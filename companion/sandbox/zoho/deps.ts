import type { SandboxClock } from '../clock.ts';
import type { Logger } from '../../src/log.ts';
import type { FaultStore } from './faults.ts';
import type { RateLimiter, SandboxLimits } from './limits.ts';
import type { DataCentre } from './regions.ts';
import type { OrgData, SandboxState } from './state.ts';
import type { AccessToken, TokenStore } from './tokens.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/** What every part of one simulator instance shares. */
export type SandboxDeps = {
    state: SandboxState;
    clock: SandboxClock;
    limits: SandboxLimits;
    tokens: TokenStore;
    limiter: RateLimiter;
    faults: FaultStore;
    webhooks: WebhookDispatcher;
    log: Logger;
};

/** Hono variables set by the Books API pipeline before a handler runs. */
export type ApiEnv = {
    Variables: { dc: DataCentre; token: AccessToken; data: OrgData };
};
