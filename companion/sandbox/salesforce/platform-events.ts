import { randomUUID } from 'node:crypto';

/** One delivered platform-event message, as a subscriber (empApi, Pub/Sub) receives it. */
export type PlatformEventMessage = {
    channel: string;
    replayId: number;
    payload: Record<string, unknown>;
};

type Listener = (message: PlatformEventMessage) => void;

/**
 * The org's event bus: messages get increasing replay ids, each channel its own sequence (a
 * replay id is unique within its channel, as on the platform), are kept for replay, and reach
 * every in-process subscriber (and the SSE stream under `/_sandbox/`).
 */
export class EventBus {
    private readonly lastReplayId = new Map<string, number>();
    private readonly listeners = new Set<Listener>();
    readonly history: PlatformEventMessage[] = [];

    publish(eventName: string, payload: Record<string, unknown>): PlatformEventMessage {
        const channel = `/event/${eventName}`;
        const replayId = (this.lastReplayId.get(channel) ?? 0) + 1;
        this.lastReplayId.set(channel, replayId);
        const message = {
            channel,
            replayId,
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
