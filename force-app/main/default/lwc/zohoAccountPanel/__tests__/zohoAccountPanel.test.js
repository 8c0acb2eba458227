import ZohoAccountPanel from 'c/zohoAccountPanel';
import getAccountSummary from '@salesforce/apex/ZohoAccountPanelController.getAccountSummary';
import resyncAccount from '@salesforce/apex/ZohoAccountPanelController.resyncAccount';
import { refreshApex } from '@salesforce/apex';
import {
    subscribe,
    unsubscribe,
    isEmpEnabled,
    jestMockPublish,
    jestMockReset
} from 'lightning/empApi';
import { clearBody, flush, mount as mountElement } from '../../../../../test/jest-utils/lwcTest';

const SUMMARY = require('./data/accountSummary.json');
const ACCOUNT_ID = '001Hs00002QrStUIAV';

jest.mock(
    '@salesforce/apex/ZohoAccountPanelController.getAccountSummary',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ZohoAccountPanelController.resyncAccount',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
    virtual: true
});

const CHANNEL = '/event/Closebooks_Sync__e';

const mount = () =>
    mountElement('c-zoho-account-panel', ZohoAccountPanel, { recordId: ACCOUNT_ID });

describe('c-zoho-account-panel', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
        jestMockReset();
    });

    it('shows a labelled spinner while loading', async () => {
        const element = mount();
        await flush();

        const spinner = element.shadowRoot.querySelector('lightning-spinner');
        expect(spinner).not.toBeNull();
        expect(spinner.alternativeText).toBe('c.Closebooks_Panel_Loading');
    });

    it('shows balances, invoices with status and link, and payments', async () => {
        const element = mount();
        getAccountSummary.emit(SUMMARY);
        await flush();

        const root = element.shadowRoot;
        expect(getAccountSummary.getLastConfig()).toEqual({ accountId: ACCOUNT_ID });
        expect(root.querySelector('.outstanding lightning-formatted-number').value).toBe(1250.5);
        expect(root.querySelector('.overdue').value).toBe(400);
        expect(root.querySelector('.credits lightning-formatted-number').value).toBe(75);
        const invoices = root.querySelectorAll('li.invoice');
        expect(invoices).toHaveLength(2);
        const link = invoices[0].querySelector('a');
        expect(link.href).toBe(SUMMARY.invoices[0].Invoice_URL__c);
        expect(link.textContent).toBe('INV-000123');
        expect(invoices[0].querySelector('lightning-badge').label).toBe('overdue');
        expect(invoices[1].querySelector('a')).toBeNull();
        expect(root.querySelectorAll('li.payment')).toHaveLength(1);
        expect(link.rel).toBe('noopener noreferrer');
        expect(link.title).toBe('c.Closebooks_Panel_Open_In_Zoho');
    });

    it('shows the empty state for an account not linked to Zoho', async () => {
        const element = mount();
        getAccountSummary.emit({
            account: { Id: ACCOUNT_ID, Name: 'New' },
            invoices: [],
            payments: []
        });
        await flush();

        const empty = element.shadowRoot.querySelector('.not-linked');
        expect(empty.textContent).toBe('c.Closebooks_Panel_Not_Linked');
        expect(element.shadowRoot.querySelector('.balances')).toBeNull();
        expect(element.shadowRoot.querySelector('lightning-button').label).toBe(
            'c.Closebooks_Action_Resync'
        );
    });

    it('shows lists as empty for a linked account without invoices or payments', async () => {
        const element = mount();
        getAccountSummary.emit({ ...SUMMARY, invoices: [], payments: [] });
        await flush();

        expect(element.shadowRoot.querySelector('.no-invoices')).not.toBeNull();
        expect(element.shadowRoot.querySelector('.no-payments')).not.toBeNull();
    });

    it('shows the reason when the account sync is held', async () => {
        const element = mount();
        getAccountSummary.emit({
            ...SUMMARY,
            account: {
                ...SUMMARY.account,
                Closebooks_Sync_Status__c: 'Held',
                Closebooks_Sync_Message__c: 'Held: fill in the billing country'
            }
        });
        await flush();

        const attention = element.shadowRoot.querySelector('.attention');
        expect(attention.getAttribute('role')).toBe('status');
        expect(attention.textContent).toContain('Held: fill in the billing country');
    });

    it('shows an error panel when the data cannot be loaded', async () => {
        const element = mount();
        getAccountSummary.error({ message: 'Insufficient access' });
        await flush();

        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel).not.toBeNull();
        expect(panel.friendlyMessage).toBe('c.Closebooks_Panel_Load_Error');
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('subscribes to the sync event and refreshes only for this account', async () => {
        const element = mount();
        getAccountSummary.emit(SUMMARY);
        await flush();

        expect(subscribe).toHaveBeenCalledWith(
            '/event/Closebooks_Sync__e',
            -1,
            expect.any(Function)
        );
        jestMockPublish(CHANNEL, { Account_Id__c: '001Hs00009ZzZzZIAV' });
        expect(refreshApex).not.toHaveBeenCalled();
        jestMockPublish(CHANNEL, { Account_Id__c: ACCOUNT_ID.substring(0, 15) });
        expect(refreshApex).toHaveBeenCalledTimes(1);
        expect(element.shadowRoot.querySelector('.balances')).not.toBeNull();
    });

    it('unsubscribes when removed from the page', async () => {
        const element = mount();
        await flush();

        document.body.removeChild(element);

        expect(unsubscribe).toHaveBeenCalledWith(
            expect.objectContaining({ channel: CHANNEL }),
            expect.any(Function)
        );
        expect(jestMockPublish(CHANNEL, { Account_Id__c: ACCOUNT_ID })).toBe(false);
    });

    it('does not subscribe when empApi is unavailable', async () => {
        isEmpEnabled.mockResolvedValueOnce(false);
        mount();
        await flush();

        expect(subscribe).not.toHaveBeenCalled();
    });

    it('requests a resync, confirms it and refreshes', async () => {
        resyncAccount.mockResolvedValue('Resync requested.');
        const element = mount();
        getAccountSummary.emit(SUMMARY);
        await flush();
        const handler = jest.fn();
        element.addEventListener('lightning__showtoast', handler);

        element.shadowRoot.querySelector('lightning-button').click();
        await flush();

        expect(resyncAccount).toHaveBeenCalledWith({ accountId: ACCOUNT_ID });
        expect(handler).toHaveBeenCalled();
        expect(handler.mock.calls[0][0].detail.variant).toBe('success');
        expect(refreshApex).toHaveBeenCalled();
    });

    it('shows the reason when the resync is refused', async () => {
        resyncAccount.mockRejectedValue({ body: { message: 'Held: fill in the billing country' } });
        const element = mount();
        getAccountSummary.emit(SUMMARY);
        await flush();
        const handler = jest.fn();
        element.addEventListener('lightning__showtoast', handler);

        element.shadowRoot.querySelector('lightning-button').click();
        await flush();

        expect(handler.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message: 'Held: fill in the billing country'
        });
        expect(element.shadowRoot.querySelector('lightning-button').disabled).toBe(false);
    });
});
