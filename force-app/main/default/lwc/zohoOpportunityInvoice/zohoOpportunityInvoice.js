import { api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import ClosebooksLiveRecord from 'c/closebooksLiveRecord';
import getInvoiceStatus from '@salesforce/apex/ZohoOpportunityInvoiceController.getInvoiceStatus';
import createInvoiceNow from '@salesforce/apex/ZohoOpportunityInvoiceController.createInvoiceNow';
import previewInvoice from '@salesforce/apex/ZohoOpportunityInvoiceController.previewInvoice';
import EVENT_RECORD_ID from '@salesforce/schema/Closebooks_Sync__e.Record_Id__c';
import INVOICE_ID from '@salesforce/schema/Opportunity.Zoho_Invoice_Id__c';
import INVOICE_NUMBER from '@salesforce/schema/Opportunity.Zoho_Invoice_Number__c';
import INVOICE_STATUS from '@salesforce/schema/Opportunity.Zoho_Invoice_Status__c';
import INVOICE_URL from '@salesforce/schema/Opportunity.Zoho_Invoice_URL__c';
import AMOUNT_PAID from '@salesforce/schema/Opportunity.Zoho_Amount_Paid__c';
import BALANCE from '@salesforce/schema/Opportunity.Zoho_Balance__c';
import PAYMENT_STATUS from '@salesforce/schema/Opportunity.Zoho_Payment_Status__c';
import SYNC_STATUS from '@salesforce/schema/Opportunity.Closebooks_Sync_Status__c';
import SYNC_MESSAGE from '@salesforce/schema/Opportunity.Closebooks_Sync_Message__c';
import titleLabel from '@salesforce/label/c.Closebooks_Invoice_Title';
import loadingLabel from '@salesforce/label/c.Closebooks_Panel_Loading';
import loadErrorLabel from '@salesforce/label/c.Closebooks_Invoice_Load_Error';
import noneLabel from '@salesforce/label/c.Closebooks_Invoice_None';
import statusLabel from '@salesforce/label/c.Closebooks_Invoice_Status';
import numberLabel from '@salesforce/label/c.Closebooks_Invoice_Number';
import paidLabel from '@salesforce/label/c.Closebooks_Invoice_Paid';
import balanceLabel from '@salesforce/label/c.Closebooks_Invoice_Balance';
import paymentStatusLabel from '@salesforce/label/c.Closebooks_Invoice_Payment_Status';
import syncStatusLabel from '@salesforce/label/c.Closebooks_Invoice_Sync_Status';
import needsAttentionLabel from '@salesforce/label/c.Closebooks_Invoice_Needs_Attention';
import openInZohoLabel from '@salesforce/label/c.Closebooks_Panel_Open_In_Zoho';
import createLabel from '@salesforce/label/c.Closebooks_Action_Create_Invoice';
import previewLabel from '@salesforce/label/c.Closebooks_Action_Preview_Invoice';
import actionDoneLabel from '@salesforce/label/c.Closebooks_Action_Done';
import previewTitleLabel from '@salesforce/label/c.Closebooks_Preview_Title';
import previewCustomerLabel from '@salesforce/label/c.Closebooks_Preview_Customer';
import previewItemLabel from '@salesforce/label/c.Closebooks_Preview_Item';
import previewQuantityLabel from '@salesforce/label/c.Closebooks_Preview_Quantity';
import previewRateLabel from '@salesforce/label/c.Closebooks_Preview_Rate';
import previewAmountLabel from '@salesforce/label/c.Closebooks_Preview_Amount';
import previewSubTotalLabel from '@salesforce/label/c.Closebooks_Preview_Sub_Total';
import previewTaxLabel from '@salesforce/label/c.Closebooks_Preview_Tax';
import previewTotalLabel from '@salesforce/label/c.Closebooks_Preview_Total';
import previewWarningsLabel from '@salesforce/label/c.Closebooks_Preview_Warnings';

const ATTENTION_STATUSES = ['Held', 'Failed'];

/**
 * The deal's Zoho invoice: status, paid and balance, the reason when the sync needs attention,
 * and the Create and Preview actions. Refreshes live on `Closebooks_Sync__e` for this deal.
 */
export default class ZohoOpportunityInvoice extends ClosebooksLiveRecord {
    @api recordId;

    syncRecordField = EVENT_RECORD_ID;
    opportunity;
    error;
    preview;
    isWorking = false;

    labels = {
        title: titleLabel,
        loading: loadingLabel,
        loadError: loadErrorLabel,
        none: noneLabel,
        status: statusLabel,
        number: numberLabel,
        paid: paidLabel,
        balance: balanceLabel,
        paymentStatus: paymentStatusLabel,
        syncStatus: syncStatusLabel,
        needsAttention: needsAttentionLabel,
        openInZoho: openInZohoLabel,
        create: createLabel,
        preview: previewLabel,
        previewTitle: previewTitleLabel,
        previewCustomer: previewCustomerLabel,
        previewSubTotal: previewSubTotalLabel,
        previewTax: previewTaxLabel,
        previewTotal: previewTotalLabel,
        previewWarnings: previewWarningsLabel
    };

    previewColumns = [
        { label: previewItemLabel, fieldName: 'name' },
        { label: previewQuantityLabel, fieldName: 'quantity', type: 'number' },
        { label: previewRateLabel, fieldName: 'rate', type: 'number' },
        { label: previewAmountLabel, fieldName: 'amount', type: 'number' }
    ];

    @wire(getInvoiceStatus, { opportunityId: '$recordId' })
    wiredStatus(result) {
        this.wiredResult = result;
        if (result.data) {
            this.opportunity = result.data;
            this.error = undefined;
        } else if (result.error) {
            this.error = result.error;
            this.opportunity = undefined;
        }
    }

    async handleCreate() {
        this.isWorking = true;
        try {
            const message = await createInvoiceNow({ opportunityId: this.recordId });
            this.dispatchEvent(
                new ShowToastEvent({ title: actionDoneLabel, message, variant: 'success' })
            );
        } catch (error) {
            this.reportError(error);
        } finally {
            this.isWorking = false;
            await refreshApex(this.wiredResult);
        }
    }

    async handlePreview() {
        this.isWorking = true;
        this.preview = undefined;
        try {
            const result = await previewInvoice({ opportunityId: this.recordId });
            this.preview = {
                ...result,
                lineItems: (result.lineItems ?? []).map((line, index) => ({
                    ...line,
                    key: `line-${index}`
                })),
                warnings: result.warnings ?? []
            };
        } catch (error) {
            this.reportError(error);
        } finally {
            this.isWorking = false;
        }
    }

    field(schemaField) {
        return this.opportunity?.[schemaField.fieldApiName];
    }

    get isLoading() {
        return !this.opportunity && !this.error;
    }

    get hasInvoice() {
        return Boolean(this.field(INVOICE_ID) || this.field(INVOICE_NUMBER));
    }

    get invoiceNumber() {
        return this.field(INVOICE_NUMBER);
    }

    get invoiceStatus() {
        return this.field(INVOICE_STATUS);
    }

    get invoiceUrl() {
        return this.field(INVOICE_URL);
    }

    get amountPaid() {
        return this.field(AMOUNT_PAID) ?? 0;
    }

    get balance() {
        return this.field(BALANCE) ?? 0;
    }

    get paymentStatus() {
        return this.field(PAYMENT_STATUS);
    }

    get syncStatus() {
        return this.field(SYNC_STATUS);
    }

    get needsAttention() {
        return ATTENTION_STATUSES.includes(this.syncStatus);
    }

    get syncMessage() {
        return this.field(SYNC_MESSAGE);
    }

    get hasWarnings() {
        return this.preview?.warnings.length > 0;
    }
}
