import { createCustomerInbound, CUSTOMER_IN_JOB } from './inbound.ts';
import { createCustomerOutbound, CUSTOMER_OUT_JOB } from './outbound.ts';
import { createCustomerSync, type CustomerSyncDeps } from './sync.ts';

/** The customer sync (F2) as the runtime runs it: its job handlers. */
export function createCustomerFlow(deps: CustomerSyncDeps) {
    const sync = createCustomerSync(deps);
    const outbound = createCustomerOutbound(deps, sync);
    const inbound = createCustomerInbound(deps, sync);
    return {
        sync,
        inbound,
        handlers: { [CUSTOMER_OUT_JOB]: outbound.handle, [CUSTOMER_IN_JOB]: inbound.handle }
    };
}
