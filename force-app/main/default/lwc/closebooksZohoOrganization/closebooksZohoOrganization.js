import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getZohoOrganizations from '@salesforce/apex/ClosebooksZohoOrgController.getZohoOrganizations';
import chooseZohoOrganization from '@salesforce/apex/ClosebooksZohoOrgController.chooseZohoOrganization';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Zoho_Org';
import emptyLabel from '@salesforce/label/c.Closebooks_Setup_Zoho_Org_Empty';
import noneChosenLabel from '@salesforce/label/c.Closebooks_Setup_Zoho_Org_None_Chosen';
import savedLabel from '@salesforce/label/c.Closebooks_Setup_Zoho_Org_Saved';
import saveLabel from '@salesforce/label/c.Closebooks_Setup_Save';

/** "Acme GmbH (700007930, eu)", or the id alone when Zoho gave no name. */
export function organizationLabel(org) {
    const where = [org.organizationId, org.region].filter(Boolean).join(', ');
    return org.name ? `${org.name} (${where})` : where;
}

/**
 * The setup page's choice of the Zoho Books organization invoices go to. Lists what the
 * companion joined, preselects the chosen one, and warns while several are joined and none is
 * chosen (the companion holds deals until then).
 */
export default class ClosebooksZohoOrganization extends LightningElement {
    labels = { title: titleLabel, empty: emptyLabel, noneChosen: noneChosenLabel, save: saveLabel };
    organizations = [];
    chosen = null;
    selected = null;
    error;
    isLoading = true;
    isSaving = false;

    connectedCallback() {
        this.load();
    }

    async load() {
        this.isLoading = true;
        try {
            this.apply(await getZohoOrganizations());
            this.error = undefined;
        } catch (error) {
            this.error = error;
        } finally {
            this.isLoading = false;
        }
    }

    apply(answer) {
        this.organizations = answer?.organizations ?? [];
        this.chosen = answer?.chosen ?? null;
        this.selected = this.chosen;
    }

    get options() {
        return this.organizations.map((org) => ({
            label: organizationLabel(org),
            value: org.organizationId
        }));
    }

    get isEmpty() {
        return !this.isLoading && !this.error && this.organizations.length === 0;
    }

    get hasOrganizations() {
        return this.organizations.length > 0;
    }

    get needsChoice() {
        return this.organizations.length > 1 && !this.chosen;
    }

    get saveDisabled() {
        return this.isSaving || !this.selected || this.selected === this.chosen;
    }

    handleChange(event) {
        this.selected = event.detail.value;
    }

    async handleSave() {
        this.isSaving = true;
        try {
            this.apply(await chooseZohoOrganization({ organizationId: this.selected }));
            this.error = undefined;
            const org = this.organizations.find((o) => o.organizationId === this.chosen);
            this.dispatchEvent(
                new ShowToastEvent({
                    title: titleLabel,
                    message: savedLabel.replace('{0}', org ? organizationLabel(org) : this.chosen),
                    variant: 'success'
                })
            );
        } catch (error) {
            this.error = error;
        } finally {
            this.isSaving = false;
        }
    }
}
