import { subscribe, unsubscribe, onError, isEmpEnabled } from 'lightning/empApi';
import SYNC_EVENT from '@salesforce/schema/Closebooks_Sync__e';

/** The Closebooks_Sync__e channel; the schema import carries the namespace in a subscriber org. */
export const SYNC_CHANNEL = `/event/${SYNC_EVENT.objectApiName}`;

/**
 * Listens for new Closebooks_Sync__e events (the ebikes `orderStatusPath` pattern): does nothing
 * where empApi is unavailable, and routes every empApi failure to `onFailure`.
 * @param {(message: object) => void} onMessage called with each CometD message
 * @param {(error: unknown) => void} onFailure called with any subscription or streaming error
 * @returns {Promise<object|undefined>} the subscription, for `stopSyncEvents`
 */
export async function listenForSyncEvents(onMessage, onFailure) {
    try {
        if (!(await isEmpEnabled())) {
            return undefined;
        }
        onError(onFailure);
        return await subscribe(SYNC_CHANNEL, -1, onMessage);
    } catch (error) {
        onFailure(error);
        return undefined;
    }
}

/**
 * Ends a subscription made by `listenForSyncEvents`; safe to call with undefined.
 * @param {object|undefined} subscription
 */
export function stopSyncEvents(subscription) {
    if (subscription) {
        unsubscribe(subscription, () => {});
    }
}
