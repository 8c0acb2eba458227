// `lightning/empApi` in the console: each subscription is a server-sent-event stream from the
// console's route, fed by the Salesforce simulator's platform-event bus. Only new events reach
// a subscriber (replay id -1); the console offers no replay of older ones.

let errorCallback;
let nextSubscription = 1;

/** The console always streams events. */
export function isEmpEnabled() {
    return Promise.resolve(typeof EventSource !== 'undefined');
}

/** Registers the callback told of streaming errors. */
export function onError(callback) {
    errorCallback = callback;
}

/** Accepted and ignored, as the console has no debug logging to switch. */
export function setDebugFlag() {
    return Promise.resolve(true);
}

/**
 * Subscribes to a channel (`/event/Name__e`); `onMessage` gets `{channel, data: {event:
 * {replayId}, payload}}` as CometD delivers it on the platform.
 */
export function subscribe(channel, replayId, onMessage) {
    const source = new EventSource(`/console/api/events?channel=${encodeURIComponent(channel)}`);
    source.addEventListener('message', (event) => {
        const message = JSON.parse(event.data);
        onMessage({
            channel: message.channel,
            data: { event: { replayId: message.replayId }, payload: message.payload }
        });
    });
    source.addEventListener('error', () => {
        // EventSource reconnects by itself; only a stream it gave up on is an error.
        if (source.readyState === EventSource.CLOSED && errorCallback) {
            errorCallback({ channel, error: 'the event stream closed' });
        }
    });
    return Promise.resolve({ id: nextSubscription++, channel, replayId, source });
}

/** Ends a subscription. */
export function unsubscribe(subscription, callback) {
    subscription?.source?.close();
    callback?.({ successful: true, subscription: subscription?.channel });
    return Promise.resolve(true);
}
