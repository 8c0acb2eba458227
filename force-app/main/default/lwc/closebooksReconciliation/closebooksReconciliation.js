import { LightningElement } from 'lwc';
import getReconciliation from '@salesforce/apex/ClosebooksReconciliationController.getReconciliation';
import titleLabel from '@salesforce/label/c.Closebooks_Reconciliation_Title';
import sinceLabel from '@salesforce/label/c.Closebooks_Reconciliation_Since';
import runLabel from '@salesforce/label/c.Closebooks_Reconciliation_Run';
import matchingLabel from '@salesforce/label/c.Closebooks_Reconciliation_Matching';
import differingLabel from '@salesforce/label/c.Closebooks_Reconciliation_Differing';
import missingZohoLabel from '@salesforce/label/c.Closebooks_Reconciliation_Missing_Zoho';
import missingSalesforceLabel from '@salesforce/label/c.Closebooks_Reconciliation_Missing_Salesforce';
import brokenLinkLabel from '@salesforce/label/c.Closebooks_Reconciliation_Broken_Link';
import accountsDifferingLabel from '@salesforce/label/c.Closebooks_Reconciliation_Accounts_Differing';
import noneLabel from '@salesforce/label/c.Closebooks_Reconciliation_None';
import invoiceLabel from '@salesforce/label/c.Closebooks_Reconciliation_Invoice';
import problemLabel from '@salesforce/label/c.Closebooks_Reconciliation_Problem';
import detailsLabel from '@salesforce/label/c.Closebooks_Reconciliation_Details';
import accountLabel from '@salesforce/label/c.Closebooks_Reconciliation_Account';
import currencyLabel from '@salesforce/label/c.Closebooks_Reconciliation_Currency';
import salesforceTotalLabel from '@salesforce/label/c.Closebooks_Reconciliation_Salesforce_Total';
import zohoTotalLabel from '@salesforce/label/c.Closebooks_Reconciliation_Zoho_Total';
import taxDriftLabel from '@salesforce/label/c.Closebooks_Reconciliation_Tax_Drift';
import loadingLabel from '@salesforce/label/c.Closebooks_Panel_Loading';

const LABELS = {
    title: titleLabel,
    since: sinceLabel,
    run: runLabel,
    none: noneLabel,
    loading: loadingLabel
};

/** What each kind of row the companion reports is called on the page. */
const KIND_LABELS = {
    differs: differingLabel,
    missing_in_zoho: missingZohoLabel,
    missing_in_salesforce: missingSalesforceLabel,
    broken_deal_link: brokenLinkLabel
};

const SUMMARY = [
    ['matching', matchingLabel],
    ['differing', differingLabel],
    ['missingInZoho', missingZohoLabel],
    ['missingInSalesforce', missingSalesforceLabel],
    ['brokenDealLinks', brokenLinkLabel],
    ['accountsDiffering', accountsDifferingLabel]
];

/**
 * The invoice rows of a report for the table: one line per invoice, its problem in words and
 * its differing figures as `figure: difference` (Zoho minus Salesforce).
 * @param {object} report the companion's reconciliation report
 * @returns {Array<object>} the rows
 */
export function invoiceRows(report) {
    return (report?.invoices ?? []).map((row) => ({
        id: `${row.kind}:${row.zohoInvoiceId}:${row.opportunityId ?? ''}`,
        invoice: row.invoiceNumber ?? row.zohoInvoiceId,
        problem: KIND_LABELS[row.kind] ?? row.kind,
        details: (row.differences ?? [])
            .map((d) => `${d.figure}: ${d.difference} ${row.currency ?? ''}`.trim())
            .join(', ')
    }));
}

/**
 * The accounts whose totals or tax differ, for the table.
 * @param {object} report the companion's reconciliation report
 * @returns {Array<object>} the rows
 */
export function accountRows(report) {
    return (report?.accounts ?? [])
        .filter((a) => a.differs)
        .map((a) => ({ ...a, id: `${a.accountId}:${a.currency}` }));
}

/**
 * Setup page panel (child of `closebooksSetup`): compares Salesforce's invoice totals with
 * Zoho's on demand, from a chosen invoice date, and shows the summary and what differs.
 */
export default class ClosebooksReconciliation extends LightningElement {
    labels = LABELS;
    since;
    report;
    error;
    loading = false;

    invoiceColumns = [
        { label: invoiceLabel, fieldName: 'invoice' },
        { label: problemLabel, fieldName: 'problem' },
        { label: detailsLabel, fieldName: 'details', wrapText: true }
    ];

    accountColumns = [
        { label: accountLabel, fieldName: 'accountId' },
        { label: currencyLabel, fieldName: 'currency' },
        { label: salesforceTotalLabel, fieldName: 'salesforceTotal', type: 'number' },
        { label: zohoTotalLabel, fieldName: 'zohoTotal', type: 'number' },
        { label: taxDriftLabel, fieldName: 'taxDrift', type: 'number' }
    ];

    get summaryItems() {
        const summary = this.report?.summary ?? {};
        return SUMMARY.map(([key, label]) => ({ key, label, value: summary[key] ?? 0 }));
    }

    get invoices() {
        return invoiceRows(this.report);
    }

    get accounts() {
        return accountRows(this.report);
    }

    get hasInvoices() {
        return this.invoices.length > 0;
    }

    get hasAccounts() {
        return this.accounts.length > 0;
    }

    get allAgree() {
        return !this.hasInvoices && !this.hasAccounts;
    }

    handleSinceChange(event) {
        this.since = event.target.value || undefined;
    }

    async handleRun() {
        this.loading = true;
        this.error = undefined;
        try {
            this.report = await getReconciliation({ since: this.since ?? null });
        } catch (error) {
            this.report = undefined;
            this.error = error;
        } finally {
            this.loading = false;
        }
    }
}
