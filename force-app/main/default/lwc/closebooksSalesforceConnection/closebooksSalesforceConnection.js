import { LightningElement } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSalesforceConnection from '@salesforce/apex/ClosebooksSalesforceController.getSalesforceConnection';
import startSalesforceConnection from '@salesforce/apex/ClosebooksSalesforceController.startSalesforceConnection';
import { reduceErrors } from 'c/closebooksUtils';
import titleLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce';
import notConnectedLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Not_Connected';
import otherOrgLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Other_Org';
import reconnectLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Reconnect';
import domainLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Domain';
import userLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_User';
import orgLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Org';
import instanceLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Instance';
import sinceLabel from '@salesforce/label/c.Closebooks_Setup_Salesforce_Since';
import optionLoginLabel from '@salesforce/label/c.Closebooks_Option_Login_Domain';
import optionTestLabel from '@salesforce/label/c.Closebooks_Option_Test_Domain';
import actionFailedLabel from '@salesforce/label/c.Closebooks_Action_Failed';

/** The login host the companion last signed in at, as the page's choice (login by default). */
export function domainOf(loginUrl) {
    return /^https:\/\/test\.salesforce\.com\/?$/i.test(loginUrl ?? '') ? 'test' : 'login';
}

/** "Acme Integration (integration@acme.example)", or whichever of the two is known. */
export function userText(user) {
    if (!user) {
        return '';
    }
    const { displayName, username, userId } = user;
    if (displayName && username) {
        return `${displayName} (${username})`;
    }
    return displayName || username || userId;
}

/**
 * The setup page's Salesforce connection: the org, instance and user the companion signs in as
 * (from the companion, through the Named Credential), and "Reconnect Salesforce", which opens
 * the companion's OAuth consent (web-server flow with PKCE) on the chosen login host.
 */
export default class ClosebooksSalesforceConnection extends NavigationMixin(LightningElement) {
    labels = {
        title: titleLabel,
        notConnected: notConnectedLabel,
        reconnect: reconnectLabel,
        domain: domainLabel,
        user: userLabel,
        org: orgLabel,
        instance: instanceLabel,
        since: sinceLabel
    };
    domainOptions = [
        { label: optionLoginLabel, value: 'login' },
        { label: optionTestLabel, value: 'test' }
    ];
    connection;
    error;
    domain = 'login';
    isLoading = true;
    isStarting = false;

    connectedCallback() {
        this.load();
    }

    async load() {
        this.isLoading = true;
        try {
            this.connection = await getSalesforceConnection();
            this.domain = domainOf(this.connection?.loginUrl);
            this.error = undefined;
        } catch (error) {
            this.error = error;
        } finally {
            this.isLoading = false;
        }
    }

    get isConnected() {
        return this.connection?.connected === true;
    }

    get showNotConnected() {
        return Boolean(this.connection) && !this.isConnected;
    }

    get isOtherOrg() {
        return this.connection?.thisOrg === false;
    }

    get otherOrgText() {
        return otherOrgLabel.replace('{0}', this.connection?.orgId ?? '');
    }

    get connectedUser() {
        return userText(this.connection?.user);
    }

    handleDomainChange(event) {
        this.domain = event.detail.value;
    }

    /** Asks the companion for a consent URL bound to this org, then opens it in a new tab. */
    async handleReconnect() {
        this.isStarting = true;
        try {
            const url = await startSalesforceConnection({ domain: this.domain });
            this[NavigationMixin.Navigate]({ type: 'standard__webPage', attributes: { url } });
        } catch (error) {
            this.dispatchEvent(
                new ShowToastEvent({
                    title: actionFailedLabel,
                    message: reduceErrors(error).join(' '),
                    variant: 'error'
                })
            );
        } finally {
            this.isStarting = false;
        }
    }
}
