import { LightningElement, api } from 'lwc';
import getHealth from '@salesforce/apex/ClosebooksHealthController.getHealth';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Health';
import recordsLabel from '@salesforce/label/c.Closebooks_Setup_Health_Records';
import permissionSetsLabel from '@salesforce/label/c.Closebooks_Setup_Health_Permission_Sets';
import assigneesLabel from '@salesforce/label/c.Closebooks_Setup_Health_Assignees';
import credentialLabel from '@salesforce/label/c.Closebooks_Setup_Health_Credential';
import filledLabel from '@salesforce/label/c.Closebooks_Setup_Health_Credential_Filled';
import emptyLabel from '@salesforce/label/c.Closebooks_Setup_Health_Credential_Empty';
import unknownLabel from '@salesforce/label/c.Closebooks_Setup_Health_Credential_Unknown';

const OK = 'slds-text-color_success';
const PROBLEM = 'slds-text-color_error';

function format(template, ...values) {
    return values.reduce((text, value, index) => text.replace(`{${index}}`, value), template);
}

/** What the panel says about the credential principal's status, and how it looks. */
export function credentialLine(status) {
    if (status === 'Configured') {
        return { text: filledLabel, className: OK };
    }
    if (status === 'Unknown') {
        return { text: unknownLabel, className: 'slds-text-color_weak' };
    }
    return { text: emptyLabel, className: PROBLEM };
}

/**
 * The setup page's package health: per synced object how many records the package holds or
 * failed to deliver, how many active users hold each Closebooks permission set, and whether the
 * companion credential is filled in. All from the org itself (`ClosebooksHealthController`), so
 * it answers even when the companion cannot be reached.
 */
export default class ClosebooksPackageHealth extends LightningElement {
    labels = {
        title: titleLabel,
        permissionSets: permissionSetsLabel,
        credential: credentialLabel
    };
    health;
    error;
    isLoading = true;

    connectedCallback() {
        this.refresh();
    }

    /** Reads the health again (the page's Refresh calls it). */
    @api
    async refresh() {
        this.isLoading = true;
        try {
            this.health = await getHealth();
            this.error = undefined;
        } catch (error) {
            this.error = error;
        } finally {
            this.isLoading = false;
        }
    }

    get recordLines() {
        return (this.health?.syncCounts ?? []).map((count) => ({
            key: count.objectName,
            text: format(recordsLabel, count.objectLabel, count.held, count.failed),
            className: count.held + count.failed > 0 ? PROBLEM : OK
        }));
    }

    get permissionSetLines() {
        return (this.health?.permissionSets ?? []).map((use) => ({
            key: use.name,
            text: format(assigneesLabel, use.label, use.assignees),
            className: use.assignees > 0 ? '' : PROBLEM
        }));
    }

    get credential() {
        return credentialLine(this.health?.credentialStatus);
    }
}
