import { randomUUID } from 'node:crypto';

/** One delivered platform-event message, as a subscriber (empApi, Pub/Sub) receives it. */
export type PlatformEventMessage = {
    channel: string;
    replayId: number;
    payload: Record<string, unknown>;
};

type Listener = (message: PlatformEventMessage) => void;

/**
 * The org's event bus: messages get increasing replay ids, are kept for replay, and reach every
 * in-process subscriber (and the SSE stream under `/_sandbox/`).
 */
export class EventBus {
    private nextReplayId = 1;
    private readonly listeners = new Set<Listener>();
    readonly history: PlatformEventMessage[] = [];

    publish(eventName: string, payload: Record<string, unknown>): PlatformEventMessage {
        const message = {
            channel: `/event/${eventName}`,
            replayId: this.nextReplayId++,
            payload: { EventUuid: randomUUID(), ...payload }
        };
        this.history.push(message);
        for (const listener of this.listeners) listener(message);
        return message;
    }

    /** Calls `listener` for every new message (on `channel` when given); returns unsubscribe. */
    subscribe(listener: Listener, channel?: string): () => void {
        const filtered: Listener = (m) => {
            if (!channel || m.channel === channel) listener(m);
        };
        this.listeners.add(filtered);
        return () => this.listeners.delete(filtered);
    }
}
