import { createCustomerInbound, CUSTOMER_IN_JOB } from './inbound.ts';
import { createCustomerOutbound, CUSTOMER_OUT_JOB } from './outbound.ts';
import { CONFLICT_RESOLVE_JOB, createConflictResolver } from './resolve.ts';
import { createCustomerSweep, CUSTOMER_SWEEP_JOB, type CustomerSweepOptions } from './sweep.ts';
import { createCustomerSync, type CustomerSyncDeps } from './sync.ts';

/** The customer sync (F2) as the runtime runs it: its job handlers (conflicts too) and its sweep. */
export function createCustomerFlow(
    deps: CustomerSyncDeps & { sweep?: CustomerSweepOptions; deferWhile?: readonly string[] }
) {
    const sync = createCustomerSync(deps);
    const outbound = createCustomerOutbound(deps, sync);
    const inbound = createCustomerInbound(deps, sync);
    const sweep = createCustomerSweep({
        ...deps,
        syncContact: inbound.syncContact,
        settleDeletedAccounts: sync.settleDeletedAccounts,
        ...(deps.sweep ? { options: deps.sweep } : {})
    });
    const resolver = createConflictResolver(deps, sync);
    return {
        sync,
        sweep,
        handlers: {
            [CUSTOMER_OUT_JOB]: outbound.handle,
            [CUSTOMER_IN_JOB]: inbound.handle,
            [CUSTOMER_SWEEP_JOB]: sweep.handle,
            [CONFLICT_RESOLVE_JOB]: resolver.handle
        }
    };
}
