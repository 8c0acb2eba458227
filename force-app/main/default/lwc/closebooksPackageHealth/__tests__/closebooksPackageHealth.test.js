import { createElement } from 'lwc';
import ClosebooksPackageHealth, { credentialLine } from 'c/closebooksPackageHealth';
import getHealth from '@salesforce/apex/ClosebooksHealthController.getHealth';
import { childShadow, clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

jest.mock('@salesforce/apex/ClosebooksHealthController.getHealth', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.Closebooks_Setup_Health_Records',
    () => ({ default: '{0}: {1} held, {2} failed' }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.Closebooks_Setup_Health_Assignees',
    () => ({ default: '{0}: {1} active users' }),
    { virtual: true }
);

const HEALTH = {
    syncCounts: [
        { objectName: 'Opportunity', objectLabel: 'Opportunities', held: 2, failed: 1 },
        { objectName: 'Account', objectLabel: 'Accounts', held: 0, failed: 0 }
    ],
    permissionSets: [
        { name: 'Closebooks_Admin', label: 'Closebooks Admin', assignees: 2 },
        { name: 'Closebooks_Integration', label: 'Closebooks Integration', assignees: 0 }
    ],
    credentialStatus: 'Configured'
};

async function mount() {
    const element = createElement('c-closebooks-package-health', { is: ClosebooksPackageHealth });
    document.body.appendChild(element);
    await flush();
    return element;
}

const lines = (element, selector) =>
    [...element.shadowRoot.querySelectorAll(`${selector} li`)].map((li) => ({
        text: li.textContent,
        className: li.className
    }));

const head = (element) => childShadow(element, 'c-closebooks-section-head');

describe('c-closebooks-package-health', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
    });

    it('shows held and failed records per object, marking the objects with problems', async () => {
        getHealth.mockResolvedValue(HEALTH);
        const element = await mount();

        expect(lines(element, '.records')).toEqual([
            { text: 'Opportunities: 2 held, 1 failed', className: 'slds-text-color_error' },
            { text: 'Accounts: 0 held, 0 failed', className: 'slds-text-color_success' }
        ]);
    });

    it('shows who holds each permission set and flags one nobody holds', async () => {
        getHealth.mockResolvedValue(HEALTH);
        const element = await mount();

        expect(lines(element, '.permission-sets')).toEqual([
            { text: 'Closebooks Admin: 2 active users', className: '' },
            { text: 'Closebooks Integration: 0 active users', className: 'slds-text-color_error' }
        ]);
    });

    it('says whether the companion credential is filled in', async () => {
        getHealth.mockResolvedValue({ ...HEALTH, credentialStatus: 'NotConfigured' });
        const element = await mount();

        expect(element.shadowRoot.querySelector('.credential').textContent).toBe(
            'c.Closebooks_Setup_Health_Credential_Empty'
        );
    });

    it('tells each credential state apart', () => {
        expect(credentialLine('Configured').text).toBe(
            'c.Closebooks_Setup_Health_Credential_Filled'
        );
        expect(credentialLine('Missing').text).toBe('c.Closebooks_Setup_Health_Credential_Empty');
        expect(credentialLine('Unknown').text).toBe('c.Closebooks_Setup_Health_Credential_Unknown');
    });

    it('shows an error panel when the health cannot be read, and reads again on refresh', async () => {
        getHealth.mockRejectedValueOnce({ body: { message: 'no access' } });
        const element = await mount();
        expect(head(element).querySelector('c-error-panel')).not.toBeNull();

        getHealth.mockResolvedValue(HEALTH);
        await element.refresh();
        await flush();

        expect(head(element).querySelector('c-error-panel')).toBeNull();
        expect(lines(element, '.records')).toHaveLength(2);
    });
});
