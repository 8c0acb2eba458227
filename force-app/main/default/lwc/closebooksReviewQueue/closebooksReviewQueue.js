import { SettleableList } from 'c/closebooksSettleableList';
import getReviews from '@salesforce/apex/ClosebooksCustomerInboxController.getReviews';
import resolveReview from '@salesforce/apex/ClosebooksCustomerInboxController.resolveReview';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Reviews';
import helpLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Help';
import emptyLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Empty';
import linkLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Link';
import dismissLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Dismiss';
import createNewLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Create_New';
import scoreLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Score';
import resolvedLabel from '@salesforce/label/c.Closebooks_Setup_Reviews_Resolved';

/**
 * The setup page's first-link review queue: Accounts the first link could not match with a Zoho
 * Books customer on its own, each with its scored candidates. The admin links one candidate,
 * leaves the Account for a new Zoho customer, or dismisses it.
 */
export default class ClosebooksReviewQueue extends SettleableList {
    labels = {
        title: titleLabel,
        help: helpLabel,
        empty: emptyLabel,
        link: linkLabel,
        dismiss: dismissLabel,
        createNew: createNewLabel
    };

    async fetchItems() {
        return (await getReviews())?.reviews;
    }

    get cards() {
        return this.items.map((r) => ({
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

    handleAction(event) {
        const { id, action, contact } = event.target.dataset;
        return this.resolve(id, action, contact ?? null);
    }

    resolve(reviewId, action, zohoContactId) {
        const review = this.items.find((r) => r.id === reviewId);
        return this.settle(reviewId, () => resolveReview({ reviewId, action, zohoContactId }), {
            title: titleLabel,
            message: resolvedLabel.replace('{0}', review.accountName)
        });
    }
}
