import { LightningElement, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import startZohoConnection from '@salesforce/apex/ClosebooksSetupController.startZohoConnection';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { listenForSyncEvents, stopSyncEvents } from 'c/closebooksSyncEvents';
import EVENT_CHANGE_KIND from '@salesforce/schema/Closebooks_Sync__e.Change_Kind__c';
import EVENT_SUMMARY from '@salesforce/schema/Closebooks_Sync__e.Summary__c';
import getSetupInfo from '@salesforce/apex/ClosebooksSetupController.getSetupInfo';
import getConnection from '@salesforce/apex/ClosebooksSetupController.getConnection';
import getDeadLetters from '@salesforce/apex/ClosebooksSetupController.getDeadLetters';
import retryDeadLetter from '@salesforce/apex/ClosebooksSetupController.retryDeadLetter';
import getApiBudget from '@salesforce/apex/ClosebooksSetupController.getApiBudget';
import saveSettings from '@salesforce/apex/ClosebooksSetupController.saveSettings';
import { reduceErrors } from 'c/closebooksUtils';
import offsetsInvalidLabel from '@salesforce/label/c.Closebooks_Setup_Offsets_Invalid';
import urlInvalidLabel from '@salesforce/label/c.Closebooks_Setup_Url_Invalid';
import saveQueuedLabel from '@salesforce/label/c.Closebooks_Setup_Save_Queued';
import fixErrorsLabel from '@salesforce/label/c.Closebooks_Setup_Fix_Errors';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Title';
import connectionLabel from '@salesforce/label/c.Closebooks_Setup_Connection';
import connectedLabel from '@salesforce/label/c.Closebooks_Setup_Connected';
import notConnectedLabel from '@salesforce/label/c.Closebooks_Setup_Not_Connected';
import unreachableLabel from '@salesforce/label/c.Closebooks_Setup_Unreachable';
import connectLabel from '@salesforce/label/c.Closebooks_Setup_Connect';
import flowsLabel from '@salesforce/label/c.Closebooks_Setup_Flows';
import invoiceFlowLabel from '@salesforce/label/c.Closebooks_Setup_Invoice_Flow';
import customerFlowLabel from '@salesforce/label/c.Closebooks_Setup_Customer_Flow';
import paymentsFlowLabel from '@salesforce/label/c.Closebooks_Setup_Payments_Flow';
import collectionsFlowLabel from '@salesforce/label/c.Closebooks_Setup_Collections_Flow';
import revenueFlowLabel from '@salesforce/label/c.Closebooks_Setup_Revenue_Flow';
import pricesIncludeTaxLabel from '@salesforce/label/c.Closebooks_Setup_Prices_Include_Tax';
import invoiceTriggerLabel from '@salesforce/label/c.Closebooks_Setup_Invoice_Trigger';
import collectionsRecordLabel from '@salesforce/label/c.Closebooks_Setup_Collections_Record';
import offsetsLabel from '@salesforce/label/c.Closebooks_Setup_Offsets';
import baseUrlLabel from '@salesforce/label/c.Closebooks_Setup_Base_Url';
import saveLabel from '@salesforce/label/c.Closebooks_Setup_Save';
import deadLettersLabel from '@salesforce/label/c.Closebooks_Setup_Dead_Letters';
import noDeadLettersLabel from '@salesforce/label/c.Closebooks_Setup_No_Dead_Letters';
import retryLabel from '@salesforce/label/c.Closebooks_Setup_Retry';
import budgetLabel from '@salesforce/label/c.Closebooks_Setup_Budget';
import budgetUsedLabel from '@salesforce/label/c.Closebooks_Setup_Budget_Used';
import refreshLabel from '@salesforce/label/c.Closebooks_Setup_Refresh';
import kindLabel from '@salesforce/label/c.Closebooks_Setup_Kind';
import lastErrorLabel from '@salesforce/label/c.Closebooks_Setup_Last_Error';
import failedAtLabel from '@salesforce/label/c.Closebooks_Setup_Failed_At';
import optionClosedWonLabel from '@salesforce/label/c.Closebooks_Option_Closed_Won';
import optionQuoteAcceptedLabel from '@salesforce/label/c.Closebooks_Option_Quote_Accepted';
import optionTaskLabel from '@salesforce/label/c.Closebooks_Option_Task';
import optionCaseLabel from '@salesforce/label/c.Closebooks_Option_Case';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';
import actionDoneLabel from '@salesforce/label/c.Closebooks_Action_Done';
import loadingLabel from '@salesforce/label/c.Closebooks_Panel_Loading';

const LABELS = {
    offsetsInvalid: offsetsInvalidLabel,
    urlInvalid: urlInvalidLabel,
    saveQueued: saveQueuedLabel,
    fixErrors: fixErrorsLabel,
    title: titleLabel,
    connection: connectionLabel,
    connected: connectedLabel,
    notConnected: notConnectedLabel,
    unreachable: unreachableLabel,
    connect: connectLabel,
    flows: flowsLabel,
    invoiceFlow: invoiceFlowLabel,
    customerFlow: customerFlowLabel,
    paymentsFlow: paymentsFlowLabel,
    collectionsFlow: collectionsFlowLabel,
    revenueFlow: revenueFlowLabel,
    pricesIncludeTax: pricesIncludeTaxLabel,
    invoiceTrigger: invoiceTriggerLabel,
    collectionsRecord: collectionsRecordLabel,
    offsets: offsetsLabel,
    baseUrl: baseUrlLabel,
    save: saveLabel,
    deadLetters: deadLettersLabel,
    noDeadLetters: noDeadLettersLabel,
    retry: retryLabel,
    budget: budgetLabel,
    budgetUsed: budgetUsedLabel,
    refresh: refreshLabel,
    kind: kindLabel,
    lastError: lastErrorLabel,
    failedAt: failedAtLabel,
    actionFailed: actionFailedLabel,
    actionDone: actionDoneLabel,
    loading: loadingLabel
};

/** Change kind the package publishes when a settings or mapping save finishes. */
const SETUP_CHANGE = 'setup';
const OFFSETS = /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/;

function format(template, ...values) {
    return values.reduce((text, value, index) => text.replace(`{${index}}`, value), template);
}

/**
 * The Closebooks admin page: Zoho connection, flow switches and settings, dead letters with
 * retry and the Zoho API budget; its parts (package health, Salesforce connection, Zoho
 * organization, collections timing, mapping rules, reconciliation, conflict inbox, review queue)
 * are child components. A finished settings or mapping deployment reloads the settings and rules.
 */
export default class ClosebooksSetup extends NavigationMixin(LightningElement) {
    labels = LABELS;
    form;
    isConnecting = false;
    setupError;
    connection;
    deadLetters = [];
    deadLettersError;
    budget;
    isSaving = false;

    invoiceTriggerOptions = [
        { label: optionClosedWonLabel, value: 'Closed_Won' },
        { label: optionQuoteAcceptedLabel, value: 'Quote_Accepted' }
    ];
    collectionsOptions = [
        { label: optionTaskLabel, value: 'Task' },
        { label: optionCaseLabel, value: 'Case' }
    ];
    deadLetterColumns = [
        { label: LABELS.kind, fieldName: 'kind' },
        { label: LABELS.lastError, fieldName: 'lastError', wrapText: true },
        { label: LABELS.failedAt, fieldName: 'failedAt', type: 'date' },
        { type: 'button', typeAttributes: { label: LABELS.retry, name: 'retry' } }
    ];

    wiredSetupResult;
    subscription;

    @wire(getSetupInfo)
    wiredSetup(result) {
        this.wiredSetupResult = result;
        const { data, error } = result;
        if (data) {
            this.form = { ...data.settings };
            this.setupError = undefined;
        } else if (error) {
            this.setupError = error;
        }
    }

    connectedCallback() {
        this.loadConnection();
        this.loadDeadLetters();
        this.loadBudget();
        this.subscribeToSaveOutcomes();
    }

    disconnectedCallback() {
        stopSyncEvents(this.subscription);
        this.subscription = undefined;
    }

    async subscribeToSaveOutcomes() {
        this.subscription = await listenForSyncEvents(
            (message) => this.handleSaveOutcome(message),
            (error) => this.reportError(error)
        );
    }

    handleSaveOutcome(message) {
        const payload = message?.data?.payload ?? {};
        if (payload[EVENT_CHANGE_KIND.fieldApiName] !== SETUP_CHANGE) {
            return;
        }
        this.toast(LABELS.title, payload[EVENT_SUMMARY.fieldApiName], 'info');
        refreshApex(this.wiredSetupResult);
        this.template.querySelector('c-closebooks-mapping-rules')?.refresh();
    }

    async loadConnection() {
        this.connection = await getConnection();
    }

    async loadDeadLetters() {
        try {
            this.deadLetters = await getDeadLetters();
            this.deadLettersError = undefined;
        } catch (error) {
            this.deadLettersError = error;
        }
    }

    async loadBudget() {
        try {
            this.budget = await getApiBudget();
        } catch {
            this.budget = undefined;
        }
    }

    get isLoading() {
        return !this.form && !this.setupError;
    }

    get isConnected() {
        return this.connection?.connected === true;
    }

    get isUnreachable() {
        return this.connection && this.connection.reachable === false;
    }

    get connectionLabel() {
        return this.isConnected ? LABELS.connected : LABELS.notConnected;
    }

    get connectionDetail() {
        return this.isConnected
            ? [this.connection.organizationName, this.connection.region].filter(Boolean).join(' · ')
            : '';
    }

    /** What the companion asks the admin to set up in Zoho (e.g. the Salesforce Id field). */
    get connectionNotices() {
        return this.isConnected && Array.isArray(this.connection.notices)
            ? this.connection.notices
            : [];
    }

    get hasConnectionNotices() {
        return this.connectionNotices.length > 0;
    }

    get hasDeadLetters() {
        return this.deadLetters.length > 0;
    }

    get budgetPercent() {
        const { usedToday, dailyLimit } = this.budget ?? {};
        return dailyLimit > 0 ? Math.min(100, Math.round((usedToday / dailyLimit) * 100)) : 0;
    }

    get budgetText() {
        return this.budget
            ? format(LABELS.budgetUsed, this.budget.usedToday, this.budget.dailyLimit)
            : '';
    }

    toast(title, message, variant) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }

    /** Asks the companion for a Zoho consent URL bound to this org, then opens it in a new tab. */
    async handleConnect() {
        this.isConnecting = true;
        try {
            const url = await startZohoConnection();
            this[NavigationMixin.Navigate]({ type: 'standard__webPage', attributes: { url } });
        } catch (error) {
            this.reportError(error);
        } finally {
            this.isConnecting = false;
        }
    }

    reportError(error) {
        this.toast(LABELS.actionFailed, reduceErrors(error).join(' '), 'error');
    }

    handleSettingChange(event) {
        const { name, type } = event.target;
        const value =
            type === 'toggle' || type === 'checkbox' ? event.target.checked : event.detail.value;
        this.form = { ...this.form, [name]: value };
        event.target.setCustomValidity('');
    }

    handleTimingChange(event) {
        const { name, value } = event.detail;
        this.form = { ...this.form, [name]: value };
    }

    /** The collections timing part, which checks and shows its own fields. */
    get timing() {
        return this.template.querySelector('c-closebooks-collections-timing');
    }

    validateClientSide(section) {
        let valid = true;
        this.template.querySelectorAll(`[data-section="${section}"]`).forEach((input) => {
            input.setCustomValidity('');
            if (input.name === 'followUpOffsets' && !OFFSETS.test(input.value ?? '')) {
                input.setCustomValidity(LABELS.offsetsInvalid);
            }
            if (
                input.name === 'companionBaseUrl' &&
                input.value &&
                !/^https:\/\/\S+$/.test(input.value)
            ) {
                input.setCustomValidity(LABELS.urlInvalid);
            }
            valid = input.reportValidity() && valid;
        });
        return valid;
    }

    showFieldErrors(section, errors) {
        const names = Object.keys(errors ?? {});
        this.template.querySelectorAll(`[data-section="${section}"]`).forEach((input) => {
            input.setCustomValidity(errors[input.name] ?? '');
            input.reportValidity();
        });
        if (names.length > 0) {
            this.toast(LABELS.actionFailed, LABELS.fixErrors, 'error');
        }
        return names.length === 0;
    }

    async handleSaveSettings() {
        const timingValid = this.timing.validate();
        if (!this.validateClientSide('settings') || !timingValid) {
            return;
        }
        this.isSaving = true;
        try {
            const errors = await saveSettings({ input: this.form });
            this.timing.showErrors(errors);
            if (this.showFieldErrors('settings', errors)) {
                this.toast(LABELS.actionDone, LABELS.saveQueued, 'success');
            }
        } catch (error) {
            this.reportError(error);
        } finally {
            this.isSaving = false;
        }
    }

    async handleDeadLetterAction(event) {
        try {
            const message = await retryDeadLetter({ deadLetterId: event.detail.row.id });
            this.toast(LABELS.actionDone, message, 'success');
            await this.loadDeadLetters();
        } catch (error) {
            this.reportError(error);
        }
    }

    handleRefresh() {
        this.template.querySelector('c-closebooks-package-health')?.refresh();
        this.template.querySelector('c-closebooks-mapping-rules')?.refresh();
        this.loadConnection();
        this.loadDeadLetters();
        this.loadBudget();
    }
}
