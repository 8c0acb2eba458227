import type { SalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';

/**
 * The demo's tax mapping, deployed as `Closebooks_Field_Mapping__mdt` records: a product's tax
 * category becomes the Zoho tax of its invoice line, by the account's billing country.
 */
export const DEMO_TAX_RULES: Record<string, Record<string, string | number | boolean>> = {
    Line_Tax_Germany: {
        MasterLabel: 'Line tax (Germany)',
        Source_Object__c: 'OpportunityLineItem',
        Source_Field__c: 'Product2.Tax_Category__c',
        Target_Object__c: 'zoho_line_item',
        Target_Field__c: 'tax_name',
        Direction__c: 'Salesforce_To_Zoho',
        Field_Owner__c: 'Salesforce',
        Condition__c: "Opportunity.Account.BillingCountry = 'Germany'",
        Transform__c: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
        Sort_Order__c: 400,
        Is_Active__c: true
    },
    Line_Tax_United_States: {
        MasterLabel: 'Line tax (United States)',
        Source_Object__c: 'OpportunityLineItem',
        Source_Field__c: 'Product2.Tax_Category__c',
        Target_Object__c: 'zoho_line_item',
        Target_Field__c: 'tax_name',
        Direction__c: 'Salesforce_To_Zoho',
        Field_Owner__c: 'Salesforce',
        Condition__c: "Opportunity.Account.BillingCountry = 'United States'",
        Transform__c: 'map:STANDARD=Sales Tax;REDUCED=Sales Tax',
        Sort_Order__c: 410,
        Is_Active__c: true
    }
};

export function deployDemoRules(salesforce: SalesforceSandbox, orgId: string): void {
    for (const [name, fields] of Object.entries(DEMO_TAX_RULES))
        salesforce.deployMetadata(orgId, 'Closebooks_Field_Mapping__mdt', name, fields);
}
