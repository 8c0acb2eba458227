import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getRules from '@salesforce/apex/ClosebooksMappingController.getRules';
import saveRule from '@salesforce/apex/ClosebooksMappingController.saveRule';
import previewRule from '@salesforce/apex/ClosebooksMappingController.previewRule';
import setRuleActive from '@salesforce/apex/ClosebooksMappingController.setRuleActive';
import deleteRule from '@salesforce/apex/ClosebooksMappingController.deleteRule';
import moveRule from '@salesforce/apex/ClosebooksMappingController.moveRule';
import { reduceErrors } from 'c/closebooksUtils';
import mappingsLabel from '@salesforce/label/c.Closebooks_Setup_Mappings';
import conditionBuilderLabel from '@salesforce/label/c.Closebooks_Setup_Condition_Builder';
import conditionLabel from '@salesforce/label/c.Closebooks_Setup_Condition';
import operatorLabel from '@salesforce/label/c.Closebooks_Setup_Operator';
import valueLabel from '@salesforce/label/c.Closebooks_Setup_Value';
import transformLabel from '@salesforce/label/c.Closebooks_Setup_Transform';
import previewRecordIdLabel from '@salesforce/label/c.Closebooks_Setup_Preview_Record_Id';
import previewLabel from '@salesforce/label/c.Closebooks_Setup_Preview';
import previewResultLabel from '@salesforce/label/c.Closebooks_Setup_Preview_Result';
import sourceLabel from '@salesforce/label/c.Closebooks_Setup_Source';
import targetLabel from '@salesforce/label/c.Closebooks_Setup_Target';
import directionLabel from '@salesforce/label/c.Closebooks_Setup_Direction';
import activeLabel from '@salesforce/label/c.Closebooks_Setup_Active';
import ownerLabel from '@salesforce/label/c.Closebooks_Setup_Owner';
import saveLabel from '@salesforce/label/c.Closebooks_Setup_Save';
import saveQueuedLabel from '@salesforce/label/c.Closebooks_Setup_Save_Queued';
import fixErrorsLabel from '@salesforce/label/c.Closebooks_Setup_Fix_Errors';
import newRuleLabel from '@salesforce/label/c.Closebooks_Setup_Rule_New';
import editLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Edit';
import deleteLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Delete';
import activateLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Activate';
import deactivateLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Deactivate';
import upLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Up';
import downLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Down';
import nameLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Name';
import sourceObjectLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Source_Object';
import targetObjectLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Target_Object';
import deleteNoteLabel from '@salesforce/label/c.Closebooks_Setup_Rule_Delete_Note';
import optionToZohoLabel from '@salesforce/label/c.Closebooks_Option_To_Zoho';
import optionToSalesforceLabel from '@salesforce/label/c.Closebooks_Option_To_Salesforce';
import optionBothLabel from '@salesforce/label/c.Closebooks_Option_Both';
import optionSalesforceLabel from '@salesforce/label/c.Closebooks_Option_Salesforce';
import optionZohoLabel from '@salesforce/label/c.Closebooks_Option_Zoho';
import optionLastWriteWinsLabel from '@salesforce/label/c.Closebooks_Option_Last_Write_Wins';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';
import actionDoneLabel from '@salesforce/label/c.Closebooks_Action_Done';

const LABELS = {
    mappings: mappingsLabel,
    conditionBuilder: conditionBuilderLabel,
    condition: conditionLabel,
    operator: operatorLabel,
    value: valueLabel,
    transform: transformLabel,
    previewRecordId: previewRecordIdLabel,
    preview: previewLabel,
    source: sourceLabel,
    target: targetLabel,
    direction: directionLabel,
    active: activeLabel,
    owner: ownerLabel,
    save: saveLabel,
    newRule: newRuleLabel,
    name: nameLabel,
    sourceObject: sourceObjectLabel,
    targetObject: targetObjectLabel,
    deleteNote: deleteNoteLabel
};

const OPERATORS = ['=', '!=', '>', '<', 'contains', 'blank', 'notblank'];
const UNARY = ['blank', 'notblank'];
const CONDITION = /^\s*([A-Za-z][A-Za-z0-9_]*)\s+(=|!=|>|<|contains|blank|notblank)\s*(.*?)\s*$/;

/** A rule the admin starts from "New rule": Salesforce to Zoho, Salesforce owns the field. */
const NEW_RULE = {
    developerName: '',
    label: '',
    sourceObject: 'Account',
    sourceField: '',
    targetObject: 'zoho_contact',
    targetField: '',
    direction: 'Salesforce_To_Zoho',
    fieldOwner: 'Salesforce',
    condition: '',
    transform: '',
    isActive: true,
    sortOrder: null
};

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

/** The row actions of one rule: edit, (de)activate, move, delete. */
export function rowActions(row, doneCallback) {
    doneCallback([
        { label: editLabel, name: 'edit' },
        row.isActive
            ? { label: deactivateLabel, name: 'deactivate' }
            : { label: activateLabel, name: 'activate' },
        { label: upLabel, name: 'up', disabled: row.isFirst },
        { label: downLabel, name: 'down', disabled: row.isLast },
        { label: deleteLabel, name: 'delete' }
    ]);
}

/**
 * The setup page's field-mapping rules (`Closebooks_Field_Mapping__mdt`, through
 * `ClosebooksMappingController`): listed in the order they apply, added and edited with a
 * condition builder and live preview, activated or deactivated, moved up or down, and deleted —
 * which deactivates, because Apex cannot delete custom metadata records. Every change is a
 * metadata deployment: the page says it was queued, and the parent calls `refresh()` when the
 * deployment's outcome arrives.
 */
export default class ClosebooksMappingRules extends LightningElement {
    labels = LABELS;
    rules = [];
    error;
    editor;
    isNew = false;
    preview;
    previewRecordId = '';
    isSaving = false;

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
    columns = [
        { label: LABELS.source, fieldName: 'source' },
        { label: LABELS.target, fieldName: 'target' },
        { label: LABELS.direction, fieldName: 'direction' },
        { label: LABELS.condition, fieldName: 'condition' },
        { label: LABELS.active, fieldName: 'isActive', type: 'boolean' },
        { type: 'action', typeAttributes: { rowActions } }
    ];

    connectedCallback() {
        this.refresh();
    }

    /** Reads the rules again (after a deployment finished, or on the page's Refresh). */
    @api
    async refresh() {
        try {
            const rules = await getRules();
            this.rules = rules.map((rule, index) => ({
                ...rule,
                source: `${rule.sourceObject}.${rule.sourceField}`,
                target: `${rule.targetObject}.${rule.targetField}`,
                isFirst: index === 0,
                isLast: index === rules.length - 1
            }));
            this.error = undefined;
        } catch (error) {
            this.error = error;
        }
    }

    get builder() {
        return parseCondition(this.editor?.condition);
    }

    get isUnaryOperator() {
        return UNARY.includes(this.builder.operator);
    }

    get isExisting() {
        return !this.isNew;
    }

    get editorTitle() {
        return this.isNew
            ? LABELS.newRule
            : `${LABELS.conditionBuilder}: ${this.editor.developerName}`;
    }

    get previewText() {
        return this.preview
            ? format(
                  previewResultLabel,
                  String(this.preview.applies),
                  this.preview.before ?? '—',
                  this.preview.after ?? '—'
              )
            : '';
    }

    toast(title, message, variant) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }

    reportError(error) {
        this.toast(actionFailedLabel, reduceErrors(error).join(' '), 'error');
    }

    handleNew() {
        this.editor = { ...NEW_RULE };
        this.isNew = true;
        this.preview = undefined;
    }

    async handleRowAction(event) {
        const { action, row } = event.detail;
        if (action.name === 'edit') {
            this.editor = { ...row };
            this.isNew = false;
            this.preview = undefined;
            return;
        }
        try {
            if (action.name === 'activate' || action.name === 'deactivate') {
                const errors = await setRuleActive({
                    developerName: row.developerName,
                    active: action.name === 'activate'
                });
                this.reportQueued(errors);
            } else if (action.name === 'up' || action.name === 'down') {
                await moveRule({
                    developerName: row.developerName,
                    offset: action.name === 'up' ? -1 : 1
                });
                this.reportQueued({});
            } else if (action.name === 'delete') {
                const message = await deleteRule({ developerName: row.developerName });
                this.toast(actionDoneLabel, message, 'warning');
            }
        } catch (error) {
            this.reportError(error);
        }
    }

    /** A row action's outcome: queued, or why the rule cannot be activated. */
    reportQueued(errors) {
        const messages = Object.values(errors ?? {});
        if (messages.length > 0) {
            this.toast(actionFailedLabel, messages.join(' '), 'error');
        } else {
            this.toast(actionDoneLabel, saveQueuedLabel, 'success');
        }
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
            this.preview = await previewRule({
                input: this.editorInput(),
                recordId: this.previewRecordId
            });
        } catch (error) {
            this.preview = undefined;
            this.reportError(error);
        }
    }

    /** Puts each error next to its field (the condition's under the condition text). */
    showFieldErrors(errors) {
        const names = Object.keys(errors ?? {});
        this.template.querySelectorAll('[data-section="rule"]').forEach((input) => {
            input.setCustomValidity(errors?.[input.name] ?? '');
            input.reportValidity();
        });
        if (names.length > 0) {
            this.toast(actionFailedLabel, fixErrorsLabel, 'error');
        }
        return names.length === 0;
    }

    async handleSave() {
        this.isSaving = true;
        try {
            const errors = await saveRule({ input: this.editorInput() });
            if (this.showFieldErrors(errors)) {
                this.toast(actionDoneLabel, saveQueuedLabel, 'success');
            }
        } catch (error) {
            this.reportError(error);
        } finally {
            this.isSaving = false;
        }
    }
}
