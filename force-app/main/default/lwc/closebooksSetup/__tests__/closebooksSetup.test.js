import { createElement } from 'lwc';
import ClosebooksSetup from 'c/closebooksSetup';
import getSetupInfo from '@salesforce/apex/ClosebooksSetupController.getSetupInfo';
import getConnection from '@salesforce/apex/ClosebooksSetupController.getConnection';
import getDeadLetters from '@salesforce/apex/ClosebooksSetupController.getDeadLetters';
import retryDeadLetter from '@salesforce/apex/ClosebooksSetupController.retryDeadLetter';
import getApiBudget from '@salesforce/apex/ClosebooksSetupController.getApiBudget';
import saveSettings from '@salesforce/apex/ClosebooksSetupController.saveSettings';
import { refreshApex } from '@salesforce/apex';
import { unsubscribe, jestMockPublish, jestMockReset } from 'lightning/empApi';
import { getNavigateCalledWith, resetNavigation } from 'lightning/navigation';
import startZohoConnection from '@salesforce/apex/ClosebooksSetupController.startZohoConnection';
import getHealth from '@salesforce/apex/ClosebooksHealthController.getHealth';
import getRules from '@salesforce/apex/ClosebooksMappingController.getRules';
import { clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

const SETUP = require('./data/setupInfo.json');
const CHANNEL = '/event/Closebooks_Sync__e';

jest.mock(
    '@salesforce/apex/ClosebooksSetupController.getSetupInfo',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
    virtual: true
});
jest.mock(
    '@salesforce/apex/ClosebooksSetupController.startZohoConnection',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksMappingController.getRules',
    () => ({ default: jest.fn(() => Promise.resolve([])) }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksHealthController.getHealth',
    () => ({ default: jest.fn(() => Promise.resolve({ syncCounts: [], permissionSets: [] })) }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksSetupController.getConnection',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksSetupController.getDeadLetters',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksSetupController.retryDeadLetter',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksSetupController.getApiBudget',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksSetupController.saveSettings',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
async function mount() {
    const element = createElement('c-closebooks-setup', { is: ClosebooksSetup });
    document.body.appendChild(element);
    getSetupInfo.emit(SETUP);
    await flush();
    return element;
}

function input(element, name) {
    return [...element.shadowRoot.querySelectorAll('lightning-input, lightning-combobox')].find(
        (candidate) => candidate.name === name
    );
}

function stubValidity(element) {
    element.shadowRoot.querySelectorAll('lightning-input, lightning-combobox').forEach((field) => {
        field.setCustomValidity = jest.fn();
        field.reportValidity = jest.fn(() => true);
    });
}

function change(target, value) {
    target.value = value;
    target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-closebooks-setup', () => {
    beforeEach(() => {
        getConnection.mockResolvedValue({
            reachable: true,
            connected: true,
            organizationName: 'Acme Books',
            region: 'eu'
        });
        getDeadLetters.mockResolvedValue([]);
        getApiBudget.mockResolvedValue({ dailyLimit: 1000, usedToday: 250 });
    });

    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
        jestMockReset();
        resetNavigation();
    });

    it('shows a labelled spinner until the setup data arrives', async () => {
        const element = createElement('c-closebooks-setup', { is: ClosebooksSetup });
        document.body.appendChild(element);
        await flush();

        expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe(
            'c.Closebooks_Panel_Loading'
        );
    });

    it('shows the connection, the connect button, flows, the mapping rules part and the API budget', async () => {
        const element = await mount();
        const root = element.shadowRoot;

        expect(root.querySelector('.connection-state').label).toBe('c.Closebooks_Setup_Connected');
        expect(root.querySelector('.connection').textContent).toContain('Acme Books · eu');
        expect(root.querySelector('lightning-button.connect').label).toBe(
            'c.Closebooks_Setup_Connect'
        );
        expect(input(element, 'invoiceFlowEnabled').checked).toBe(true);
        expect(input(element, 'collectionsFlowEnabled').checked).toBe(false);
        expect(root.querySelector('c-closebooks-mapping-rules')).not.toBeNull();
        expect(root.querySelector('lightning-progress-bar').value).toBe(25);
        expect(root.querySelector('.budget-text').textContent).toBe(
            'c.Closebooks_Setup_Budget_Used'.replace('{0}', 250).replace('{1}', 1000)
        );
        expect(root.querySelector('section.flows').getAttribute('aria-label')).toBe(
            'c.Closebooks_Setup_Flows'
        );
    });

    it('lists what the companion asks the admin to create in Zoho', async () => {
        getConnection.mockResolvedValue({
            reachable: true,
            connected: true,
            organizationName: 'Acme Books',
            region: 'eu',
            notices: ['Zoho Books has no cf_salesforce_id field on invoices: add it.']
        });
        const element = await mount();

        const list = element.shadowRoot.querySelector('.connection-notices');
        expect(list.getAttribute('role')).toBe('status');
        expect([...list.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
            'Zoho Books has no cf_salesforce_id field on invoices: add it.'
        ]);
    });

    it('shows no notice list when the companion has none', async () => {
        const element = await mount();

        expect(element.shadowRoot.querySelector('.connection-notices')).toBeNull();
    });

    it('says when the companion cannot be reached', async () => {
        getConnection.mockResolvedValue({
            reachable: false,
            connected: false,
            message: 'timed out'
        });
        const element = await mount();

        const notice = element.shadowRoot.querySelector('.unreachable');
        expect(notice.getAttribute('role')).toBe('status');
        expect(notice.textContent).toBe('c.Closebooks_Setup_Unreachable');
    });

    it('shows an error panel when the setup data cannot be read', async () => {
        const element = createElement('c-closebooks-setup', { is: ClosebooksSetup });
        document.body.appendChild(element);
        getSetupInfo.error({ message: 'Insufficient access' });
        await flush();

        expect(element.shadowRoot.querySelector('c-error-panel')).not.toBeNull();
    });

    it('saves flow switches and settings', async () => {
        saveSettings.mockResolvedValue({});
        const element = await mount();
        const toggle = input(element, 'collectionsFlowEnabled');
        toggle.checked = true;
        toggle.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        const toasts = jest.fn();
        element.addEventListener('lightning__showtoast', toasts);
        stubValidity(element);

        element.shadowRoot.querySelector('.save-settings').click();
        await flush();

        expect(saveSettings).toHaveBeenCalledWith({
            input: expect.objectContaining({
                collectionsFlowEnabled: true,
                followUpOffsets: '3,7,14'
            })
        });
        expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
    });

    it('saves that prices include tax', async () => {
        saveSettings.mockResolvedValue({});
        const element = await mount();
        const toggle = input(element, 'pricesIncludeTax');
        expect(toggle.checked).toBe(false);
        expect(toggle.label).toBe('c.Closebooks_Setup_Prices_Include_Tax');
        toggle.checked = true;
        toggle.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        stubValidity(element);

        element.shadowRoot.querySelector('.save-settings').click();
        await flush();

        expect(saveSettings).toHaveBeenCalledWith({
            input: expect.objectContaining({ pricesIncludeTax: true })
        });
    });

    it('saves the collections timing with the settings and shows its server errors there', async () => {
        saveSettings.mockResolvedValue({ escalationRecord: 'Choose a value' });
        const element = await mount();
        stubValidity(element);
        const timing = element.shadowRoot.querySelector('c-closebooks-collections-timing');
        const send = (name, value) =>
            timing.dispatchEvent(new CustomEvent('change', { detail: { name, value } }));
        send('gracePeriodDays', 5);
        send('escalationOffsetDays', 14);
        send('escalationRecord', 'Case');
        await flush();
        const record = [...timing.shadowRoot.querySelectorAll('[data-timing]')].find(
            (candidate) => candidate.name === 'escalationRecord'
        );
        record.setCustomValidity = jest.fn();

        element.shadowRoot.querySelector('.save-settings').click();
        await flush();

        expect(saveSettings).toHaveBeenCalledWith({
            input: expect.objectContaining({
                gracePeriodDays: 5,
                escalationOffsetDays: 14,
                escalationRecord: 'Case'
            })
        });
        expect(record.setCustomValidity).toHaveBeenLastCalledWith('Choose a value');
    });

    it('does not save a collections timing that could never escalate', async () => {
        const element = await mount();
        stubValidity(element);
        const timing = element.shadowRoot.querySelector('c-closebooks-collections-timing');
        timing.dispatchEvent(
            new CustomEvent('change', { detail: { name: 'gracePeriodDays', value: 10 } })
        );
        timing.dispatchEvent(
            new CustomEvent('change', { detail: { name: 'escalationOffsetDays', value: 3 } })
        );
        await flush();

        element.shadowRoot.querySelector('.save-settings').click();
        await flush();

        expect(saveSettings).not.toHaveBeenCalled();
    });

    it('reads the package health and the mapping rules again with the rest on Refresh', async () => {
        const element = await mount();
        const readsBefore = getHealth.mock.calls.length;
        const rulesReadBefore = getRules.mock.calls.length;
        expect(element.shadowRoot.querySelector('c-closebooks-package-health')).not.toBeNull();

        element.shadowRoot.querySelector('lightning-button.refresh').click();
        await flush();

        expect(getHealth.mock.calls.length).toBe(readsBefore + 1);
        expect(getRules.mock.calls.length).toBe(rulesReadBefore + 1);
        expect(getConnection).toHaveBeenCalledTimes(2);
    });

    it('shows a bad follow-up offset next to the field and does not save', async () => {
        const element = await mount();
        const offsets = input(element, 'followUpOffsets');
        change(offsets, '3, soon');
        stubValidity(element);
        offsets.reportValidity = jest.fn(() => false);

        element.shadowRoot.querySelector('.save-settings').click();
        await flush();

        expect(offsets.setCustomValidity).toHaveBeenLastCalledWith(
            'c.Closebooks_Setup_Offsets_Invalid'
        );
        expect(saveSettings).not.toHaveBeenCalled();
    });

    it('puts server-side errors next to their fields', async () => {
        saveSettings.mockResolvedValue({ companionBaseUrl: 'Enter an https address' });
        const element = await mount();
        stubValidity(element);
        const url = input(element, 'companionBaseUrl');

        element.shadowRoot.querySelector('.save-settings').click();
        await flush();

        expect(url.setCustomValidity).toHaveBeenLastCalledWith('Enter an https address');
    });

    it('lists dead letters and retries one', async () => {
        getDeadLetters.mockResolvedValue([
            {
                id: 'job_1',
                kind: 'zoho.invoice.create',
                lastError: '429',
                failedAt: '2026-11-25T10:00:00Z'
            }
        ]);
        retryDeadLetter.mockResolvedValue('Queued again.');
        const element = await mount();
        const table = element.shadowRoot.querySelector('.dead-letters lightning-datatable');
        expect(table.data).toHaveLength(1);

        table.dispatchEvent(
            new CustomEvent('rowaction', {
                detail: { action: { name: 'retry' }, row: { id: 'job_1' } }
            })
        );
        await flush();

        expect(retryDeadLetter).toHaveBeenCalledWith({ deadLetterId: 'job_1' });
        expect(getDeadLetters).toHaveBeenCalledTimes(2);
    });

    it('shows the empty dead-letter state', async () => {
        const element = await mount();

        expect(element.shadowRoot.querySelector('.no-dead-letters').textContent).toBe(
            'c.Closebooks_Setup_No_Dead_Letters'
        );
    });

    it('shows an error panel when dead letters cannot be read', async () => {
        getDeadLetters.mockRejectedValue({
            body: { message: 'GET /v1/package/dead-letters answered 503' }
        });
        const element = await mount();

        expect(element.shadowRoot.querySelector('.dead-letters c-error-panel')).not.toBeNull();
    });

    it('announces a finished save and reloads the settings, ignoring other sync events', async () => {
        const element = await mount();
        const toasts = jest.fn();
        element.addEventListener('lightning__showtoast', toasts);

        const rulesReadBefore = getRules.mock.calls.length;
        jestMockPublish(CHANNEL, { Change_Kind__c: 'invoice', Record_Id__c: '006Hs00001AbCdEIAV' });
        expect(refreshApex).not.toHaveBeenCalled();
        jestMockPublish(CHANNEL, {
            Change_Kind__c: 'setup',
            Summary__c: 'Closebooks settings saved.'
        });

        expect(toasts.mock.calls[0][0].detail).toMatchObject({
            message: 'Closebooks settings saved.',
            variant: 'info'
        });
        expect(refreshApex).toHaveBeenCalledTimes(1);
        expect(getRules.mock.calls.length).toBe(rulesReadBefore + 1);
        document.body.removeChild(element);
        expect(unsubscribe).toHaveBeenCalled();
    });
});

describe('c-closebooks-setup Zoho connection', () => {
    it('opens the consent URL the companion issues when Connect is clicked', async () => {
        startZohoConnection.mockResolvedValue('https://accounts.zoho.com/oauth/v2/auth?state=s1');
        const element = await mount();

        element.shadowRoot.querySelector('lightning-button.connect').click();
        await flush();

        expect(startZohoConnection).toHaveBeenCalledTimes(1);
        expect(getNavigateCalledWith().pageReference).toEqual({
            type: 'standard__webPage',
            attributes: { url: 'https://accounts.zoho.com/oauth/v2/auth?state=s1' }
        });
        expect(element.shadowRoot.querySelector('lightning-button.connect').disabled).toBe(false);
    });

    it('shows why Connect failed instead of navigating', async () => {
        resetNavigation();
        startZohoConnection.mockRejectedValue({
            body: { message: 'Zoho client is not configured' }
        });
        const element = await mount();
        const toasts = jest.fn();
        element.addEventListener('lightning__showtoast', toasts);

        element.shadowRoot.querySelector('lightning-button.connect').click();
        await flush();

        expect(getNavigateCalledWith()).toBeUndefined();
        expect(toasts.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message: 'Zoho client is not configured'
        });
    });
});
