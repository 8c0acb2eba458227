import { LightningElement } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { listenForSyncEvents, stopSyncEvents } from 'c/closebooksSyncEvents';
import { reduceErrors } from 'c/closebooksUtils';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';

/**
 * Whether two record ids name the same record (15- and 18-character forms alike).
 * @param {string|undefined} left
 * @param {string|undefined} right
 * @returns {boolean}
 */
export function sameRecord(left, right) {
    return Boolean(left) && Boolean(right) && left.substring(0, 15) === right.substring(0, 15);
}

/**
 * The base of a record page card fed by one wired Apex read (kept in `wiredResult`) that
 * refreshes live, as ebikes' `orderStatusPath` does: subscribes to `Closebooks_Sync__e` while
 * on the page, refreshes the read for each event whose `syncRecordField` names this
 * `recordId`, and routes every failure through `reportError` (an error toast). A subclass
 * declares `@api recordId` and sets `syncRecordField`.
 */
export default class ClosebooksLiveRecord extends LightningElement {
    /** The Closebooks_Sync__e field (a schema import) naming the record an event is about. */
    syncRecordField;
    wiredResult;
    subscription;

    connectedCallback() {
        this.subscribeToSyncEvents();
    }

    disconnectedCallback() {
        stopSyncEvents(this.subscription);
        this.subscription = undefined;
    }

    async subscribeToSyncEvents() {
        this.subscription = await listenForSyncEvents(
            (message) => this.handleSyncEvent(message),
            (error) => this.reportError(error)
        );
    }

    handleSyncEvent(message) {
        const about = message?.data?.payload?.[this.syncRecordField?.fieldApiName];
        if (sameRecord(about, this.recordId)) {
            refreshApex(this.wiredResult);
        }
    }

    reportError(error) {
        this.dispatchEvent(
            new ShowToastEvent({
                title: actionFailedLabel,
                message: reduceErrors(error).join(' '),
                variant: 'error'
            })
        );
    }
}
