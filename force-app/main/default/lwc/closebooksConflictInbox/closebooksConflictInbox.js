import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getConflicts from '@salesforce/apex/ClosebooksCustomerInboxController.getConflicts';
import resolveConflict from '@salesforce/apex/ClosebooksCustomerInboxController.resolveConflict';
import { reduceErrors } from 'c/closebooksUtils';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts';
import helpLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Help';
import emptyLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Empty';
import accountLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Account';
import fieldLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Field';
import salesforceLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Salesforce';
import zohoLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Zoho';
import useSalesforceLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Use_Salesforce';
import useZohoLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Use_Zoho';
import settledLabel from '@salesforce/label/c.Closebooks_Setup_Conflicts_Settled';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';

/** A field value as the page shows it: empty values as an em dash. */
export function shownValue(value) {
    return value === null || value === undefined || value === '' ? '—' : String(value);
}

/**
 * The setup page's customer conflict inbox: customer fields edited in Salesforce and in Zoho
 * Books since the last sync, both values side by side; the admin keeps one side's value and the
 * companion writes it to both.
 */
export default class ClosebooksConflictInbox extends LightningElement {
    labels = {
        title: titleLabel,
        help: helpLabel,
        empty: emptyLabel,
        account: accountLabel,
        field: fieldLabel,
        salesforce: salesforceLabel,
        zoho: zohoLabel,
        useSalesforce: useSalesforceLabel,
        useZoho: useZohoLabel
    };
    conflicts = [];
    error;
    isLoading = true;
    busyId = null;

    connectedCallback() {
        this.load();
    }

    async load() {
        this.isLoading = true;
        try {
            this.conflicts = (await getConflicts())?.conflicts ?? [];
            this.error = undefined;
        } catch (error) {
            this.error = error;
        } finally {
            this.isLoading = false;
        }
    }

    get rows() {
        return this.conflicts.map((c) => ({
            id: c.id,
            accountId: c.accountId,
            accountUrl: `/${c.accountId}`,
            field: c.salesforceField,
            salesforceValue: shownValue(c.salesforceValue),
            zohoValue: shownValue(c.zohoValue),
            busy: this.busyId === c.id
        }));
    }

    get hasConflicts() {
        return this.conflicts.length > 0;
    }

    get isEmpty() {
        return !this.isLoading && !this.error && this.conflicts.length === 0;
    }

    async handleChoose(event) {
        const { id, choose } = event.target.dataset;
        this.busyId = id;
        try {
            await resolveConflict({ conflictId: id, choose });
            this.conflicts = this.conflicts.filter((c) => c.id !== id);
            this.toast(titleLabel, settledLabel, 'success');
        } catch (error) {
            this.toast(actionFailedLabel, reduceErrors(error).join(' '), 'error');
        } finally {
            this.busyId = null;
        }
    }

    toast(title, message, variant) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}
