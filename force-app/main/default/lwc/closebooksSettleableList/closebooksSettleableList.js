import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/closebooksUtils';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';

/**
 * What the setup page's lists of open items to settle share (the customer conflict inbox, the
 * first-link review queue): load the items on connect, show loading, error and empty states,
 * and settle one item at a time — the item leaves the list when the companion accepts, and a
 * refusal is shown as a toast. A subclass answers its items in `fetchItems()`.
 */
export class SettleableList extends LightningElement {
    items = [];
    error;
    isLoading = true;
    busyId = null;

    connectedCallback() {
        this.load();
    }

    /** The open items (an imperative Apex call); each has an `id`. */
    fetchItems() {
        return Promise.resolve([]);
    }

    async load() {
        this.isLoading = true;
        try {
            this.items = (await this.fetchItems()) ?? [];
            this.error = undefined;
        } catch (error) {
            this.error = error;
        } finally {
            this.isLoading = false;
        }
    }

    get hasItems() {
        return this.items.length > 0;
    }

    get isEmpty() {
        return !this.isLoading && !this.error && this.items.length === 0;
    }

    /**
     * Settles item `id` with `call`; on success the item leaves the list and `done` is toasted
     * (`{ title, message }`), on refusal the companion's reason is.
     */
    async settle(id, call, done) {
        this.busyId = id;
        try {
            await call();
            this.items = this.items.filter((item) => item.id !== id);
            this.toast(done.title, done.message, 'success');
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
