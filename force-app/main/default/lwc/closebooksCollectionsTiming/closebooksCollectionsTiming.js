import { LightningElement, api } from 'lwc';
import headingLabel from '@salesforce/label/c.Closebooks_Setup_Collections_Timing';
import graceLabel from '@salesforce/label/c.Closebooks_Setup_Grace_Days';
import escalationDaysLabel from '@salesforce/label/c.Closebooks_Setup_Escalation_Days';
import escalationRecordLabel from '@salesforce/label/c.Closebooks_Setup_Escalation_Record';
import daysInvalidLabel from '@salesforce/label/c.Closebooks_Setup_Days_Invalid';
import afterGraceLabel from '@salesforce/label/c.Closebooks_Setup_Escalation_After_Grace';
import chooseValueLabel from '@salesforce/label/c.Closebooks_Setup_Choose_Value';
import optionManagerTaskLabel from '@salesforce/label/c.Closebooks_Option_Manager_Task';
import optionCaseLabel from '@salesforce/label/c.Closebooks_Option_Case';

const MAX_DAYS = 365;

/** '' or null → null; otherwise the number typed (NaN when it is not one). */
function days(value) {
    return value === '' || value === null || value === undefined ? null : Number(value);
}

function inRange(value, lowest) {
    return Number.isInteger(value) && value >= lowest && value <= MAX_DAYS;
}

/**
 * The same checks as `ClosebooksSetupController.SettingsInput`, keyed by field name: a grace
 * period of 0–365 days; an escalation day of 1–365 after the grace period (invoices still in
 * their grace period are not followed up), which then needs what it creates.
 */
export function timingErrors({ gracePeriodDays, escalationOffsetDays, escalationRecord }) {
    const errors = {};
    const grace = days(gracePeriodDays);
    const escalation = days(escalationOffsetDays);
    if (grace !== null && !inRange(grace, 0)) {
        errors.gracePeriodDays = daysInvalidLabel.replace('{0}', '0');
    }
    if (
        (escalationRecord || escalation !== null) &&
        !['Manager_Task', 'Case'].includes(escalationRecord)
    ) {
        errors.escalationRecord = chooseValueLabel;
    }
    if (escalation !== null && !inRange(escalation, 1)) {
        errors.escalationOffsetDays = daysInvalidLabel.replace('{0}', '1');
    } else if (escalation !== null && grace !== null && escalation <= grace) {
        errors.escalationOffsetDays = afterGraceLabel;
    }
    return errors;
}

/**
 * The setup page's collections timing (flow F4): grace period, escalation day and what the
 * escalation creates. The parent owns the settings form and its save; this part reports each
 * change as a `change` event (`{name, value}`) and checks and shows its own fields.
 */
export default class ClosebooksCollectionsTiming extends LightningElement {
    @api gracePeriodDays;
    @api escalationOffsetDays;
    @api escalationRecord;

    labels = {
        heading: headingLabel,
        grace: graceLabel,
        escalationDays: escalationDaysLabel,
        escalationRecord: escalationRecordLabel
    };
    recordOptions = [
        { label: optionManagerTaskLabel, value: 'Manager_Task' },
        { label: optionCaseLabel, value: 'Case' }
    ];

    handleChange(event) {
        const { name } = event.target;
        const value = name === 'escalationRecord' ? event.detail.value : days(event.detail.value);
        event.target.setCustomValidity('');
        this.dispatchEvent(new CustomEvent('change', { detail: { name, value } }));
    }

    /** Checks the fields, shows what is wrong, and answers whether all are valid. */
    @api
    validate() {
        return this.showErrors(
            timingErrors({
                gracePeriodDays: this.gracePeriodDays,
                escalationOffsetDays: this.escalationOffsetDays,
                escalationRecord: this.escalationRecord
            })
        );
    }

    /** Shows field errors (e.g. the server's), keyed by field name; answers whether none. */
    @api
    showErrors(errors) {
        let valid = true;
        this.template.querySelectorAll('[data-timing]').forEach((input) => {
            const message = errors?.[input.name] ?? '';
            input.setCustomValidity(message);
            input.reportValidity();
            valid = valid && !message;
        });
        return valid;
    }
}
