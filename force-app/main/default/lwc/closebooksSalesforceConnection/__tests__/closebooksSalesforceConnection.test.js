import { createElement } from 'lwc';
import ClosebooksSalesforceConnection, {
    domainOf,
    userText
} from 'c/closebooksSalesforceConnection';
import getSalesforceConnection from '@salesforce/apex/ClosebooksSalesforceController.getSalesforceConnection';
import startSalesforceConnection from '@salesforce/apex/ClosebooksSalesforceController.startSalesforceConnection';
import { getNavigateCalledWith, resetNavigation } from 'lightning/navigation';
import { childShadow, clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

jest.mock(
    '@salesforce/apex/ClosebooksSalesforceController.getSalesforceConnection',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksSalesforceController.startSalesforceConnection',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.Closebooks_Setup_Salesforce_Other_Org',
    () => ({ default: 'The connection is for org {0}.' }),
    { virtual: true }
);

const CONNECTED = {
    connected: true,
    orgId: '00D5g000004ABCDEAQ',
    instanceUrl: 'https://acme.my.salesforce.com',
    loginUrl: 'https://test.salesforce.com',
    thisOrg: true,
    user: {
        userId: '005000000000001AAA',
        username: 'integration@acme.example',
        displayName: 'Acme Integration',
        connectedAt: '2026-11-25T10:00:00.000Z'
    }
};

async function mount() {
    const element = createElement('c-closebooks-salesforce-connection', {
        is: ClosebooksSalesforceConnection
    });
    document.body.appendChild(element);
    await flush();
    return element;
}

const text = (element, selector) =>
    element.shadowRoot.querySelector(selector)?.textContent.trim() ?? null;

const head = (element) => childShadow(element, 'c-closebooks-section-head');

describe('c-closebooks-salesforce-connection', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
        resetNavigation();
    });

    it('shows the user and org the companion signs in as, and preselects its login host', async () => {
        getSalesforceConnection.mockResolvedValue(CONNECTED);
        const element = await mount();

        expect(text(element, '.user')).toBe('Acme Integration (integration@acme.example)');
        expect(text(element, '.org')).toBe('00D5g000004ABCDEAQ');
        expect(text(element, '.instance')).toBe('https://acme.my.salesforce.com');
        expect(element.shadowRoot.querySelector('.since').value).toBe('2026-11-25T10:00:00.000Z');
        expect(element.shadowRoot.querySelector('lightning-combobox.domain').value).toBe('test');
        expect(element.shadowRoot.querySelector('.not-connected')).toBeNull();
        expect(element.shadowRoot.querySelector('.other-org')).toBeNull();
    });

    it('says when the companion has no sign-in yet, or holds another org', async () => {
        getSalesforceConnection.mockResolvedValue({
            connected: false,
            orgId: '00D5g000004ZZZZEAQ',
            instanceUrl: null,
            loginUrl: null,
            user: null,
            thisOrg: false
        });
        const element = await mount();

        expect(element.shadowRoot.querySelector('.connected')).toBeNull();
        expect(element.shadowRoot.querySelector('.not-connected')).not.toBeNull();
        expect(text(element, '.other-org')).toBe('The connection is for org 00D5g000004ZZZZEAQ.');
        expect(element.shadowRoot.querySelector('lightning-combobox.domain').value).toBe('login');
    });

    it('shows an error panel when the companion cannot be reached', async () => {
        getSalesforceConnection.mockRejectedValue({ body: { message: 'unreachable' } });
        const element = await mount();
        expect(head(element).querySelector('c-error-panel')).not.toBeNull();
        expect(element.shadowRoot.querySelector('lightning-button.reconnect')).not.toBeNull();
    });

    it('opens the consent URL for the chosen login host when Reconnect is clicked', async () => {
        getSalesforceConnection.mockResolvedValue(CONNECTED);
        startSalesforceConnection.mockResolvedValue(
            'https://login.salesforce.com/services/oauth2/authorize?state=s1'
        );
        const element = await mount();
        const domain = element.shadowRoot.querySelector('lightning-combobox.domain');
        domain.dispatchEvent(new CustomEvent('change', { detail: { value: 'login' } }));

        element.shadowRoot.querySelector('lightning-button.reconnect').click();
        await flush();

        expect(startSalesforceConnection).toHaveBeenCalledWith({ domain: 'login' });
        expect(getNavigateCalledWith().pageReference).toEqual({
            type: 'standard__webPage',
            attributes: { url: 'https://login.salesforce.com/services/oauth2/authorize?state=s1' }
        });
    });

    it('shows why Reconnect failed instead of navigating', async () => {
        getSalesforceConnection.mockResolvedValue(CONNECTED);
        startSalesforceConnection.mockRejectedValue({ body: { message: 'not_configured' } });
        const element = await mount();
        const toasts = jest.fn();
        element.addEventListener('lightning__showtoast', toasts);

        element.shadowRoot.querySelector('lightning-button.reconnect').click();
        await flush();

        expect(getNavigateCalledWith()).toBeUndefined();
        expect(toasts.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message: 'not_configured'
        });
    });

    it('names the login host and the user from what the companion knows', () => {
        expect(domainOf('https://test.salesforce.com')).toBe('test');
        expect(domainOf('https://login.salesforce.com')).toBe('login');
        expect(domainOf('https://acme.my.salesforce.com')).toBe('login');
        expect(domainOf(null)).toBe('login');
        expect(userText({ userId: '005x', username: null, displayName: null })).toBe('005x');
        expect(userText(null)).toBe('');
    });
});
