import { SettleableList } from 'c/closebooksSettleableList';
import getConflicts from '@salesforce/apex/ClosebooksCustomerInboxController.getConflicts';
import resolveConflict from '@salesforce/apex/ClosebooksCustomerInboxController.resolveConflict';
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

/** A field value as the page shows it: empty values as an em dash. */
export function shownValue(value) {
    return value === null || value === undefined || value === '' ? '—' : String(value);
}

/**
 * The setup page's customer conflict inbox: fields of a customer or of one of its contact persons
 * (then with a link to the Contact) edited in Salesforce and in Zoho Books since the last sync,
 * both values side by side; the admin keeps one side's value and the
 * companion writes it to both.
 */
export default class ClosebooksConflictInbox extends SettleableList {
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

    async fetchItems() {
        return (await getConflicts())?.conflicts;
    }

    get rows() {
        return this.items.map((c) => ({
            id: c.id,
            accountId: c.accountId,
            accountUrl: `/${c.accountId}`,
            field: c.salesforceField,
            // A contact person's conflict names its Contact.
            salesforceContactId: c.salesforceContactId,
            contactUrl: c.salesforceContactId ? `/${c.salesforceContactId}` : null,
            salesforceValue: shownValue(c.salesforceValue),
            zohoValue: shownValue(c.zohoValue),
            busy: this.busyId === c.id
        }));
    }

    handleChoose(event) {
        const { id, choose } = event.target.dataset;
        return this.settle(id, () => resolveConflict({ conflictId: id, choose }), {
            title: titleLabel,
            message: settledLabel
        });
    }
}
