import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<{ correlationId: string }>();

/**
 * Runs `run` with `correlationId` as the id of the work in hand (a request, a job), so the
 * clients it calls, which are shared across jobs and log with their own logger, can name it.
 */
export function withCorrelationId<T>(correlationId: string | null | undefined, run: () => T): T {
    return correlationId ? context.run({ correlationId }, run) : run();
}

/** `{ correlationId }` of the work in hand, for a log line; empty outside any. */
export function correlationFields(): { correlationId?: string } {
    const id = context.getStore()?.correlationId;
    return id ? { correlationId: id } : {};
}
