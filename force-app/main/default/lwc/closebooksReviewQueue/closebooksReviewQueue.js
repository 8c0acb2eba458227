import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getReviews from '@salesforce/apex/ClosebooksCustomerInboxController.getReviews';
import resolveReview from '@salesforce/apex/ClosebooksCustomerInboxController.resolveReview';
import { reduceErrors } from 'c/closebooksUtils';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Reviews';
import helpLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Help';
import emptyLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Empty';
import linkLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Link';
import dismissLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Dismiss';
import createNewLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Create_New';
import scoreLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Score';
import resolvedLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Resolved';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';

/**
 * The setup page's first-link review queue: Accounts the first link could not match with a Zoho
 * Books customer on its own, each with its scored candidates. The admin links one candidate,
 * leaves the Account for a new Zoho customer, or dismisses it.
 */
export default class ClosebooksReviewQueue extends LightningElement {
    labels = {
        title: titleLabel,
        help: helpLabel,
        empty: emptyLabel,
        link: linkLabel,
        dismiss: dismissLabel,
        createNew: createNewLabel
    };
    reviews = [];
    error;
    isLoading = true;
    busyId = null;

    connectedCallback() {
        this.load();
    }

    async load() {
        this.isLoading = true;
        try {
            this.reviews = (await getReviews())?.reviews ?? [];
            this.error = undefined;
        } catch (error) {
            this.error = error;
        } finally {
            this.isLoading = false;
        }
    }

    get items() {
        return this.reviews.map((r) => ({
            id: r.id,
            accountName: r.accountName,
            accountUrl: `/${r.salesforceAccountId}`,
            busy: this.busyId === r.id,
            candidates: r.candidates.map((c) => ({
                key: `${r.id}-${c.zohoContactId}`,
                zohoContactId: c.zohoContactId,
                contactName: c.contactName,
                score: scoreLabel.replace('{0}', c.score),
                reasons: c.reasons.join('; ')
            }))
        }));
    }

    get hasReviews() {
        return this.reviews.length > 0;
    }

    get isEmpty() {
        return !this.isLoading && !this.error && this.reviews.length === 0;
    }

    handleAction(event) {
        const { id, action, contact } = event.target.dataset;
        return this.resolve(id, action, contact ?? null);
    }

    async resolve(reviewId, action, zohoContactId) {
        const review = this.reviews.find((r) => r.id === reviewId);
        this.busyId = reviewId;
        try {
            await resolveReview({ reviewId, action, zohoContactId });
            this.reviews = this.reviews.filter((r) => r.id !== reviewId);
            this.toast(titleLabel, resolvedLabel.replace('{0}', review.accountName), 'success');
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
