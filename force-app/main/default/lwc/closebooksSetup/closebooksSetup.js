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
import saveMapping from '@salesforce/apex/ClosebooksSetupController.saveMapping';
import previewMapping from '@salesforce/apex/ClosebooksSetupController.previewMapping';
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
import mappingsLabel from '@salesforce/label/c.Closebooks_Setup_Mappings';
import conditionBuilderLabel from '@salesforce/label/c.Closebooks_Setup_Condition_Builder';
import conditionLabel from '@salesforce/label/c.Closebooks_Setup_Condition';
import operatorLabel from '@salesforce/label/c.Closebooks_Setup_Operator';
import valueLabel from '@salesforce/label/c.Closebooks_Setup_Value';
import transformLabel from '@salesforce/label/c.Closebooks_Setup_Transform';
import previewRecordIdLabel from '@salesforce/label/c.Closebooks_Setup_Preview_Record_Id';
import previewLabel from '@salesforce/label/c.Closebooks_Setup_Preview';
import previewResultLabel from '@salesforce/label/c.Closebooks_Setup_Preview_Result';
import deadLettersLabel from '@salesforce/label/c.Closebooks_Setup_Dead_Letters';
import noDeadLettersLabel from '@salesforce/label/c.Closebooks_Setup_No_Dead_Letters';
import retryLabel from '@salesforce/label/c.Closebooks_Setup_Retry';
import budgetLabel from '@salesforce/label/c.Closebooks_Setup_Budget';
import budgetUsedLabel from '@salesforce/label/c.Closebooks_Setup_Budget_Used';
import refreshLabel from '@salesforce/label/c.Closebooks_Setup_Refresh';
import sourceLabel from '@salesforce/label/c.Closebooks_Setup_Source';
import targetLabel from '@salesforce/label/c.Closebooks_Setup_Target';
import directionLabel from '@salesforce/label/c.Closebooks_Setup_Direction';
import activeLabel from '@salesforce/label/c.Closebooks_Setup_Active';
import kindLabel from '@salesforce/label/c.Closebooks_Setup_Kind';
import lastErrorLabel from '@salesforce/label/c.Closebooks_Setup_Last_Error';
import failedAtLabel from '@salesforce/label/c.Closebooks_Setup_Failed_At';
import optionClosedWonLabel from '@salesforce/label/c.Closebooks_Option_Closed_Won';
import optionQuoteAcceptedLabel from '@salesforce/label/c.Closebooks_Option_Quote_Accepted';
import optionTaskLabel from '@salesforce/label/c.Closebooks_Option_Task';
import optionCaseLabel from '@salesforce/label/c.Closebooks_Option_Case';
import optionToZohoLabel from '@salesforce/label/c.Closebooks_Option_To_Zoho';
import optionToSalesforceLabel from '@salesforce/label/c.Closebooks_Option_To_Salesforce';
import optionBothLabel from '@salesforce/label/c.Closebooks_Option_Both';
import optionSalesforceLabel from '@salesforce/label/c.Closebooks_Option_Salesforce';
import optionZohoLabel from '@salesforce/label/c.Closebooks_Option_Zoho';
import optionLastWriteWinsLabel from '@salesforce/label/c.Closebooks_Option_Last_Write_Wins';
import ownerLabel from '@salesforce/label/c.Closebooks_Setup_Owner';
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
    mappings: mappingsLabel,
    conditionBuilder: conditionBuilderLabel,
    condition: conditionLabel,
    operator: operatorLabel,
    value: valueLabel,
    transform: transformLabel,
    previewRecordId: previewRecordIdLabel,
    preview: previewLabel,
    previewResult: previewResultLabel,
    deadLetters: deadLettersLabel,
    noDeadLetters: noDeadLettersLabel,
    retry: retryLabel,
    budget: budgetLabel,
    budgetUsed: budgetUsedLabel,
    refresh: refreshLabel,
    source: sourceLabel,
    target: targetLabel,
    direction: directionLabel,
    active: activeLabel,
    kind: kindLabel,
    lastError: lastErrorLabel,
    failedAt: failedAtLabel,
    actionFailed: actionFailedLabel,
    actionDone: actionDoneLabel,
    loading: loadingLabel,
    owner: ownerLabel
};

/** Change kind the package publishes when a settings or mapping save finishes. */
const SETUP_CHANGE = 'setup';
const OPERATORS = ['=', '!=', '>', '<', 'contains', 'blank', 'notblank'];
const UNARY = ['blank', 'notblank'];
const CONDITION = /^\s*([A-Za-z][A-Za-z0-9_]*)\s+(=|!=|>|<|contains|blank|notblank)\s*(.*?)\s*$/;
const OFFSETS = /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/;

function format(template, ...values) {
    return values.reduce((text, value, index) => text.replace(`{${index}}`, value), template);
}

/** Splits a stored condition into the builder's three parts. */
export function parseCondition(condition) {
    const match = CONDITION.exec(condition ?? '');
    return match
        ? { field: match[1], operator: match[2], value: match[3].replace(/^'|'$/g, '') }
        : { field: '', operator: '=', value: '' };
}

/** Writes the builder's three parts as a condition; empty when no field is chosen. */
export function buildCondition({ field, operator, value }) {
    if (!field) {
        return '';
    }
    return UNARY.includes(operator)
        ? `${field} ${operator}`
        : `${field} ${operator} '${value ?? ''}'`;
}

/**
 * The Closebooks admin page: Zoho connection, flow switches, field mappings with a condition
 * builder and live preview, dead letters with retry, and the Zoho API budget.
 */
export default class ClosebooksSetup extends NavigationMixin(LightningElement) {
    labels = LABELS;
    form;
    isConnecting = false;
    mappings = [];
    setupError;
    connection;
    deadLetters = [];
    deadLettersError;
    budget;
    editor;
    preview;
    previewRecordId = '';
    isSaving = false;

    invoiceTriggerOptions = [
        { label: optionClosedWonLabel, value: 'Closed_Won' },
        { label: optionQuoteAcceptedLabel, value: 'Quote_Accepted' }
    ];
    collectionsOptions = [
        { label: optionTaskLabel, value: 'Task' },
        { label: optionCaseLabel, value: 'Case' }
    ];
    operatorOptions = OPERATORS.map((operator) => ({ label: operator, value: operator }));
    directionOptions = [
        { label: optionToZohoLabel, value: 'Salesforce_To_Zoho' },
        { label: optionToSalesforceLabel, value: 'Zoho_To_Salesforce' },
        { label: optionBothLabel, value: 'Both' }
    ];
    ownerOptions = [
        { label: optionSalesforceLabel, value: 'Salesforce' },
        { label: optionZohoLabel, value: 'Zoho' },
        { label: optionLastWriteWinsLabel, value: 'Last_Write_Wins' }
    ];
    mappingColumns = [
        { label: LABELS.source, fieldName: 'source' },
        { label: LABELS.target, fieldName: 'target' },
        { label: LABELS.direction, fieldName: 'direction' },
        { label: LABELS.condition, fieldName: 'condition' },
        { label: LABELS.active, fieldName: 'isActive', type: 'boolean' },
        {
            type: 'button',
            typeAttributes: { label: LABELS.conditionBuilder, name: 'edit', variant: 'base' }
        }
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
            this.mappings = data.mappings.map((rule) => ({
                ...rule,
                source: `${rule.sourceObject}.${rule.sourceField}`,
                target: `${rule.targetObject}.${rule.targetField}`
            }));
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

    get builder() {
        return parseCondition(this.editor?.condition);
    }

    get isUnaryOperator() {
        return UNARY.includes(this.builder.operator);
    }

    get previewText() {
        return this.preview
            ? format(
                  LABELS.previewResult,
                  String(this.preview.applies),
                  this.preview.before ?? '—',
                  this.preview.after ?? '—'
              )
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

    handleMappingAction(event) {
        const { row } = event.detail;
        this.editor = { ...row };
        this.preview = undefined;
    }

    handleRuleChange(event) {
        this.editor = { ...this.editor, [event.target.name]: event.detail.value };
        event.target.setCustomValidity('');
    }

    handleBuilderChange(event) {
        const parts = { ...this.builder, [event.target.name]: event.detail.value };
        this.editor = { ...this.editor, condition: buildCondition(parts) };
    }

    handlePreviewRecordChange(event) {
        this.previewRecordId = event.detail.value;
    }

    editorInput() {
        const rule = this.editor;
        return {
            developerName: rule.developerName,
            label: rule.label,
            sourceObject: rule.sourceObject,
            sourceField: rule.sourceField,
            targetObject: rule.targetObject,
            targetField: rule.targetField,
            direction: rule.direction,
            fieldOwner: rule.fieldOwner,
            condition: rule.condition,
            transform: rule.transform,
            isActive: rule.isActive,
            sortOrder: rule.sortOrder ?? null
        };
    }

    async handlePreview() {
        try {
            this.preview = await previewMapping({
                input: this.editorInput(),
                recordId: this.previewRecordId
            });
        } catch (error) {
            this.preview = undefined;
            this.reportError(error);
        }
    }

    async handleSaveRule() {
        this.isSaving = true;
        try {
            const errors = await saveMapping({ input: this.editorInput() });
            if (this.showFieldErrors('rule', errors)) {
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
        this.loadConnection();
        this.loadDeadLetters();
        this.loadBudget();
    }
}
