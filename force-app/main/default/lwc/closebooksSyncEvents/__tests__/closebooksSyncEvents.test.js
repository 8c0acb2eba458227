import {
    isEmpEnabled,
    onError,
    subscribe,
    unsubscribe,
    jestMockPublish,
    jestMockReset
} from 'lightning/empApi';
import { listenForSyncEvents, stopSyncEvents, SYNC_CHANNEL } from 'c/closebooksSyncEvents';

describe('c-closebooks-sync-events', () => {
    afterEach(() => {
        jestMockReset();
        jest.clearAllMocks();
    });

    it('delivers Closebooks_Sync__e messages until stopped', async () => {
        const received = [];
        const subscription = await listenForSyncEvents(
            (message) => received.push(message.data.payload),
            jest.fn()
        );

        expect(SYNC_CHANNEL).toBe('/event/Closebooks_Sync__e');
        expect(subscribe).toHaveBeenCalledWith(SYNC_CHANNEL, -1, expect.any(Function));
        expect(jestMockPublish(SYNC_CHANNEL, { Record_Id__c: '006A' })).toBe(true);
        expect(received).toEqual([{ Record_Id__c: '006A' }]);

        stopSyncEvents(subscription);
        expect(unsubscribe).toHaveBeenCalledWith(subscription, expect.any(Function));
        expect(jestMockPublish(SYNC_CHANNEL, { Record_Id__c: '006B' })).toBe(false);
    });

    it('does nothing where empApi is not available', async () => {
        isEmpEnabled.mockResolvedValueOnce(false);
        const subscription = await listenForSyncEvents(jest.fn(), jest.fn());
        expect(subscription).toBeUndefined();
        expect(subscribe).not.toHaveBeenCalled();
        stopSyncEvents(subscription);
        expect(unsubscribe).not.toHaveBeenCalled();
    });

    it('routes streaming and subscription failures to the caller', async () => {
        const onFailure = jest.fn();
        subscribe.mockRejectedValueOnce(new Error('handshake denied'));
        const subscription = await listenForSyncEvents(jest.fn(), onFailure);
        expect(subscription).toBeUndefined();
        expect(onError).toHaveBeenCalledWith(onFailure);
        expect(onFailure).toHaveBeenCalledWith(new Error('handshake denied'));
    });
});
