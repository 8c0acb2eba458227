import type { Org } from './org.ts';
import { publishOutbox, runOutboxSubscriber } from './outbox.ts';
import type { Transaction } from './records.ts';
import type { SandboxState } from './state.ts';
import { formatDateTime } from './values.ts';

/**
 * What happens after a transaction commits: its platform events reach subscribers, and the
 * events the package's triggers raised go to the package's outbox (one `Closebooks_Outbox__e`
 * message each, published after commit), whose subscriber queues their delivery as the
 * integration user (outbox.ts). No Queueable is spent in the transaction itself, so any number
 * of trigger runs, in any context, is announced.
 */
export function commitTransaction(state: SandboxState, org: Org, tx: Transaction): void {
    const now = state.clock.now();
    for (const { object, record } of tx.published) {
        const fields: Record<string, unknown> = { ...record, CreatedDate: formatDateTime(now) };
        delete fields.Id;
        org.bus.publish(object, fields);
    }
    const messages = publishOutbox(org, tx.events, now);
    runOutboxSubscriber(state, org, messages, now);
}
