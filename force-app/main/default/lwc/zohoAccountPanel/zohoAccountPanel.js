import { api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import ClosebooksLiveRecord from 'c/closebooksLiveRecord';
import getAccountSummary from '@salesforce/apex/ZohoAccountPanelController.getAccountSummary';
import resyncAccount from '@salesforce/apex/ZohoAccountPanelController.resyncAccount';
import EVENT_ACCOUNT_ID from '@salesforce/schema/Closebooks_Sync__e.Account_Id__c';
import ZOHO_CONTACT_ID from '@salesforce/schema/Account.Zoho_Contact_Id__c';
import OUTSTANDING from '@salesforce/schema/Account.Zoho_Outstanding_Balance__c';
import OVERDUE from '@salesforce/schema/Account.Zoho_Overdue_Balance__c';
import UNUSED_CREDITS from '@salesforce/schema/Account.Zoho_Unused_Credits__c';
import CURRENCY_CODE from '@salesforce/schema/Account.Zoho_Currency_Code__c';
import LAST_SYNCED from '@salesforce/schema/Account.Zoho_Last_Synced__c';
import SYNC_STATUS from '@salesforce/schema/Account.Closebooks_Sync_Status__c';
import SYNC_MESSAGE from '@salesforce/schema/Account.Closebooks_Sync_Message__c';
import INVOICE_NUMBER from '@salesforce/schema/Zoho_Invoice__c.Invoice_Number__c';
import INVOICE_STATUS from '@salesforce/schema/Zoho_Invoice__c.Status__c';
import INVOICE_DUE from '@salesforce/schema/Zoho_Invoice__c.Due_Date__c';
import INVOICE_BALANCE from '@salesforce/schema/Zoho_Invoice__c.Balance__c';
import INVOICE_TOTAL from '@salesforce/schema/Zoho_Invoice__c.Total__c';
import INVOICE_CURRENCY from '@salesforce/schema/Zoho_Invoice__c.Currency_Code__c';
import INVOICE_URL from '@salesforce/schema/Zoho_Invoice__c.Invoice_URL__c';
import INVOICE_OVERDUE from '@salesforce/schema/Zoho_Invoice__c.Is_Overdue__c';
import PAYMENT_NUMBER from '@salesforce/schema/Zoho_Payment__c.Payment_Number__c';
import PAYMENT_DATE from '@salesforce/schema/Zoho_Payment__c.Payment_Date__c';
import PAYMENT_AMOUNT from '@salesforce/schema/Zoho_Payment__c.Amount__c';
import PAYMENT_CURRENCY from '@salesforce/schema/Zoho_Payment__c.Currency_Code__c';
import titleLabel from '@salesforce/label/c.Closebooks_Panel_Title';
import loadingLabel from '@salesforce/label/c.Closebooks_Panel_Loading';
import loadErrorLabel from '@salesforce/label/c.Closebooks_Panel_Load_Error';
import notLinkedLabel from '@salesforce/label/c.Closebooks_Panel_Not_Linked';
import outstandingLabel from '@salesforce/label/c.Closebooks_Panel_Outstanding';
import overdueLabel from '@salesforce/label/c.Closebooks_Panel_Overdue';
import unusedCreditsLabel from '@salesforce/label/c.Closebooks_Panel_Unused_Credits';
import recentInvoicesLabel from '@salesforce/label/c.Closebooks_Panel_Recent_Invoices';
import recentPaymentsLabel from '@salesforce/label/c.Closebooks_Panel_Recent_Payments';
import noInvoicesLabel from '@salesforce/label/c.Closebooks_Panel_No_Invoices';
import noPaymentsLabel from '@salesforce/label/c.Closebooks_Panel_No_Payments';
import openInZohoLabel from '@salesforce/label/c.Closebooks_Panel_Open_In_Zoho';
import lastSyncedLabel from '@salesforce/label/c.Closebooks_Panel_Last_Synced';
import needsAttentionLabel from '@salesforce/label/c.Closebooks_Invoice_Needs_Attention';
import resyncLabel from '@salesforce/label/c.Closebooks_Action_Resync';
import actionDoneLabel from '@salesforce/label/c.Closebooks_Action_Done';

const ATTENTION_STATUSES = ['Held', 'Failed'];

/**
 * The account's Zoho Books picture: balances, latest invoices and payments. Refreshes live when
 * the companion publishes `Closebooks_Sync__e` for this account.
 */
export default class ZohoAccountPanel extends ClosebooksLiveRecord {
    @api recordId;

    syncRecordField = EVENT_ACCOUNT_ID;
    summary;
    error;
    isResyncing = false;

    labels = {
        title: titleLabel,
        loading: loadingLabel,
        loadError: loadErrorLabel,
        notLinked: notLinkedLabel,
        outstanding: outstandingLabel,
        overdue: overdueLabel,
        unusedCredits: unusedCreditsLabel,
        recentInvoices: recentInvoicesLabel,
        recentPayments: recentPaymentsLabel,
        noInvoices: noInvoicesLabel,
        noPayments: noPaymentsLabel,
        openInZoho: openInZohoLabel,
        lastSynced: lastSyncedLabel,
        needsAttention: needsAttentionLabel,
        resync: resyncLabel
    };

    @wire(getAccountSummary, { accountId: '$recordId' })
    wiredSummary(result) {
        this.wiredResult = result;
        if (result.data) {
            this.summary = result.data;
            this.error = undefined;
        } else if (result.error) {
            this.error = result.error;
            this.summary = undefined;
        }
    }

    async handleResync() {
        this.isResyncing = true;
        try {
            const message = await resyncAccount({ accountId: this.recordId });
            this.dispatchEvent(
                new ShowToastEvent({ title: actionDoneLabel, message, variant: 'success' })
            );
            await refreshApex(this.wiredResult);
        } catch (error) {
            this.reportError(error);
        } finally {
            this.isResyncing = false;
        }
    }

    get isLoading() {
        return !this.summary && !this.error;
    }

    get account() {
        return this.summary?.account ?? {};
    }

    get isLinked() {
        return Boolean(this.account[ZOHO_CONTACT_ID.fieldApiName]) || this.invoices.length > 0;
    }

    get currencyCode() {
        return this.account[CURRENCY_CODE.fieldApiName] || undefined;
    }

    get outstanding() {
        return this.account[OUTSTANDING.fieldApiName] ?? 0;
    }

    get overdue() {
        return this.account[OVERDUE.fieldApiName] ?? 0;
    }

    get unusedCredits() {
        return this.account[UNUSED_CREDITS.fieldApiName] ?? 0;
    }

    get lastSynced() {
        return this.account[LAST_SYNCED.fieldApiName];
    }

    get needsAttention() {
        return ATTENTION_STATUSES.includes(this.account[SYNC_STATUS.fieldApiName]);
    }

    get syncMessage() {
        return this.account[SYNC_MESSAGE.fieldApiName];
    }

    get overdueClass() {
        return this.overdue > 0 ? 'slds-text-color_error' : '';
    }

    get invoices() {
        return (this.summary?.invoices ?? []).map((invoice) => ({
            id: invoice.Id,
            number: invoice[INVOICE_NUMBER.fieldApiName] || invoice.Name,
            status: invoice[INVOICE_STATUS.fieldApiName],
            dueDate: invoice[INVOICE_DUE.fieldApiName],
            total: invoice[INVOICE_TOTAL.fieldApiName],
            balance: invoice[INVOICE_BALANCE.fieldApiName],
            currencyCode: invoice[INVOICE_CURRENCY.fieldApiName] || undefined,
            url: invoice[INVOICE_URL.fieldApiName],
            badgeClass: invoice[INVOICE_OVERDUE.fieldApiName] ? 'slds-theme_error' : ''
        }));
    }

    get hasInvoices() {
        return this.invoices.length > 0;
    }

    get payments() {
        return (this.summary?.payments ?? []).map((payment) => ({
            id: payment.Id,
            number: payment[PAYMENT_NUMBER.fieldApiName] || payment.Name,
            date: payment[PAYMENT_DATE.fieldApiName],
            amount: payment[PAYMENT_AMOUNT.fieldApiName],
            currencyCode: payment[PAYMENT_CURRENCY.fieldApiName] || undefined
        }));
    }

    get hasPayments() {
        return this.payments.length > 0;
    }
}
