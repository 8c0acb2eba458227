/**
 * Shared mock of lightning/empApi (the ebikes-lwc pattern): components subscribe as in an org,
 * and tests deliver messages with `jestMockPublish` instead of capturing callbacks by hand.
 */
const handlers = new Map();

export const subscribe = jest.fn((channel, replayId, onMessage) => {
    handlers.set(channel, onMessage);
    return Promise.resolve({ id: `subscription-${channel}`, channel, replayId });
});

export const unsubscribe = jest.fn((subscription, callback) => {
    handlers.delete(subscription?.channel);
    if (callback) {
        callback({ successful: true });
    }
    return Promise.resolve(true);
});

export const onError = jest.fn();
export const setDebugFlag = jest.fn(() => Promise.resolve());
export const isEmpEnabled = jest.fn(() => Promise.resolve(true));

/**
 * Delivers a platform-event message to the component subscribed to `channel`.
 * @param {string} channel e.g. `/event/Closebooks_Sync__e`
 * @param {object} payload the event fields
 * @returns {boolean} whether a subscriber received it
 */
export function jestMockPublish(channel, payload) {
    const onMessage = handlers.get(channel);
    if (!onMessage) {
        return false;
    }
    onMessage({ channel, data: { schema: 'test', payload, event: { replayId: 1 } } });
    return true;
}

/** Forgets every subscription; call from afterEach. */
export function jestMockReset() {
    handlers.clear();
}
