import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

import type { PlatformEventMessage } from './platform-events.ts';

/** Where a platform-event stream takes its messages from, and how it names them. */
export type PlatformEventSource = {
    /** Messages sent first, oldest first (a replay); none when absent. */
    replay?: readonly PlatformEventMessage[];
    /** Calls the listener for every new message; returns unsubscribe. */
    subscribe(listener: (message: PlatformEventMessage) => void): () => void;
    /**
     * Names each server-sent event by its channel (`event: /event/X__e`). An EventSource then
     * hears it only through `addEventListener(channel)`, not its `message` listener.
     */
    namedEvents: boolean;
};

/**
 * Server-sent events of platform events: the replay first, then each new message as it is
 * published, one SSE message each (`id` the replay id, `data` the message as JSON), until the
 * client goes away.
 */
export function streamPlatformEvents(c: Context, source: PlatformEventSource) {
    return streamSSE(c, async (stream) => {
        const queue: PlatformEventMessage[] = [...(source.replay ?? [])];
        let wake: (() => void) | undefined;
        const unsubscribe = source.subscribe((message) => {
            queue.push(message);
            wake?.();
        });
        stream.onAbort(() => {
            unsubscribe();
            wake?.();
        });
        while (!stream.aborted) {
            const message = queue.shift();
            if (message)
                await stream.writeSSE({
                    id: String(message.replayId),
                    ...(source.namedEvents ? { event: message.channel } : {}),
                    data: JSON.stringify(message)
                });
            else await new Promise<void>((resolve) => (wake = resolve));
        }
    });
}
