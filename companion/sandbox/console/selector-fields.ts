// The fields each selector of the package reads (OpportunitySelector, AccountSelector,
// ZohoInvoiceSelector, ZohoPaymentSelector).
export const OPPORTUNITY_FIELDS = [
    'Id',
    'Name',
    'AccountId',
    'HasOpportunityLineItem',
    'StageName',
    'Closebooks_Sync_Status__c',
    'Closebooks_Sync_Message__c',
    'Closebooks_Last_Synced__c',
    'Zoho_Invoice_Id__c',
    'Zoho_Invoice_Number__c',
    'Zoho_Invoice_Status__c',
    'Zoho_Invoice_URL__c',
    'Zoho_Amount_Paid__c',
    'Zoho_Balance__c',
    'Zoho_Payment_Status__c'
] as const;
export const ACCOUNT_FIELDS = [
    'Id',
    'Name',
    'BillingCountry',
    'Zoho_Contact_Id__c',
    'Zoho_Outstanding_Balance__c',
    'Zoho_Overdue_Balance__c',
    'Zoho_Unused_Credits__c',
    'Zoho_Currency_Code__c',
    'Zoho_Last_Synced__c',
    'Closebooks_Sync_Status__c',
    'Closebooks_Sync_Message__c'
] as const;
export const INVOICE_FIELDS = [
    'Id',
    'Name',
    'Invoice_Number__c',
    'Status__c',
    'Invoice_Date__c',
    'Due_Date__c',
    'Total__c',
    'Balance__c',
    'Currency_Code__c',
    'Invoice_URL__c',
    'Is_Overdue__c'
] as const;
export const PAYMENT_FIELDS = [
    'Id',
    'Name',
    'Payment_Number__c',
    'Payment_Date__c',
    'Amount__c',
    'Unused_Amount__c',
    'Currency_Code__c',
    'Payment_Mode__c',
    'Reference_Number__c'
] as const;
