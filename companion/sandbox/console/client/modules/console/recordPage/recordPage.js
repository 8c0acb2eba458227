import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { closeWon, getRecord, money } from 'console/api';

const CLOSED_WON = 'Closed Won';

/**
 * A simulated Lightning record page: the record's highlights, and the package's component that
 * the package's flexipage puts on it (`zohoAccountPanel` on Account, `zohoOpportunityInvoice` on
 * Opportunity). An open Opportunity has the "Close Won" action a sales rep would use.
 */
export default class RecordPage extends LightningElement {
    @api objectApiName;
    _recordId;
    record;
    error;
    isWorking = false;

    @api
    get recordId() {
        return this._recordId;
    }

    set recordId(value) {
        this._recordId = value;
        this.load();
    }

    async load() {
        try {
            this.record = await getRecord(this.objectApiName, this._recordId);
            this.error = undefined;
        } catch (error) {
            this.error = error.message;
        }
    }

    async handleCloseWon() {
        this.isWorking = true;
        try {
            this.record = await closeWon(this._recordId);
        } catch (error) {
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Close Won failed',
                    message: error.message,
                    variant: 'error'
                })
            );
        } finally {
            this.isWorking = false;
        }
    }

    get isAccount() {
        return this.objectApiName === 'Account';
    }

    get isOpportunity() {
        return this.objectApiName === 'Opportunity';
    }

    get canCloseWon() {
        return this.isOpportunity && this.record && this.record.StageName !== CLOSED_WON;
    }

    get closeWonDisabled() {
        return this.isWorking || !this.canCloseWon;
    }

    get amount() {
        return money(this.record?.Amount, this.record?.CurrencyIsoCode);
    }

    get accountHref() {
        return `/console#/Account/${this.record?.AccountId}`;
    }
}
