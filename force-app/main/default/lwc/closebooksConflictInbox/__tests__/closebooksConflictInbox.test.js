import { createElement } from 'lwc';
import ClosebooksConflictInbox, { shownValue } from 'c/closebooksConflictInbox';
import getConflicts from '@salesforce/apex/ClosebooksCustomerInboxController.getConflicts';
import resolveConflict from '@salesforce/apex/ClosebooksCustomerInboxController.resolveConflict';
import { childShadow, clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

jest.mock(
    '@salesforce/apex/ClosebooksCustomerInboxController.getConflicts',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksCustomerInboxController.resolveConflict',
    () => ({ default: jest.fn() }),
    { virtual: true }
);

const PHONE = {
    id: '7',
    accountId: '001000000000001AAA',
    zohoOrganizationId: '700000011',
    contactId: '46001',
    zohoField: 'phone',
    salesforceField: 'Phone',
    salesforceValue: '+1 555 0100',
    zohoValue: '+1 555 0199',
    baselineValue: '+1 555 0000',
    detectedAt: '2026-11-02T00:00:00.000Z',
    resolvedAt: null,
    resolution: null
};
const WEBSITE = {
    ...PHONE,
    id: '8',
    salesforceField: 'Website',
    zohoField: 'website',
    zohoValue: null
};

const PERSON_EMAIL = {
    ...PHONE,
    id: '9',
    salesforceContactId: '003000000000001AAA',
    contactPersonId: '46002',
    salesforceField: 'Email',
    zohoField: 'email'
};

async function mount() {
    const element = createElement('c-closebooks-conflict-inbox', { is: ClosebooksConflictInbox });
    document.body.appendChild(element);
    await flush();
    return element;
}

const head = (element) => childShadow(element, 'c-closebooks-section-head');

describe('c-closebooks-conflict-inbox', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
    });

    it('shows both values of each open conflict', async () => {
        getConflicts.mockResolvedValue({ conflicts: [PHONE, WEBSITE] });
        const element = await mount();

        const rows = element.shadowRoot.querySelectorAll('tr.conflict');
        expect(rows).toHaveLength(2);
        expect(rows[0].querySelector('.field').textContent).toBe('Phone');
        expect(rows[0].querySelector('.salesforce-value').textContent).toBe('+1 555 0100');
        expect(rows[0].querySelector('.zoho-value').textContent).toBe('+1 555 0199');
        expect(rows[1].querySelector('.zoho-value').textContent).toBe('—');
        expect(head(element).querySelector('.empty')).toBeNull();
    });

    it('names the Contact of a contact person’s conflict, and none for a customer field', async () => {
        getConflicts.mockResolvedValue({ conflicts: [PHONE, PERSON_EMAIL] });
        const element = await mount();

        const rows = element.shadowRoot.querySelectorAll('tr.conflict');
        expect(rows[0].querySelector('.person')).toBeNull();
        expect(rows[1].querySelector('.field').textContent).toBe('Email');
        const person = rows[1].querySelector('a.person');
        expect(person.textContent).toBe('003000000000001AAA');
        expect(person.getAttribute('href')).toBe('/003000000000001AAA');
    });

    it('says so when nothing is in conflict', async () => {
        getConflicts.mockResolvedValue({ conflicts: [] });
        const element = await mount();

        expect(head(element).querySelector('.empty')).not.toBeNull();
        expect(element.shadowRoot.querySelector('table')).toBeNull();
    });

    it('keeps the chosen side through Apex and takes the conflict off the list', async () => {
        getConflicts.mockResolvedValue({ conflicts: [PHONE, WEBSITE] });
        resolveConflict.mockResolvedValue({ conflict: { ...PHONE }, job: { id: '12' } });
        const element = await mount();
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        element.shadowRoot.querySelector('tr.conflict lightning-button.use-zoho').click();
        await flush();

        expect(resolveConflict).toHaveBeenCalledWith({ conflictId: '7', choose: 'zoho' });
        expect(toast.mock.calls[0][0].detail.variant).toBe('success');
        const rows = element.shadowRoot.querySelectorAll('tr.conflict');
        expect(rows).toHaveLength(1);
        expect(rows[0].dataset.id).toBe('8');
    });

    it('toasts the refusal and keeps the conflict listed', async () => {
        getConflicts.mockResolvedValue({ conflicts: [PHONE] });
        resolveConflict.mockRejectedValue({
            body: { message: 'the conflict was settled already' }
        });
        const element = await mount();
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        element.shadowRoot.querySelector('lightning-button.use-salesforce').click();
        await flush();

        expect(resolveConflict).toHaveBeenCalledWith({ conflictId: '7', choose: 'salesforce' });
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message: 'the conflict was settled already'
        });
        expect(element.shadowRoot.querySelectorAll('tr.conflict')).toHaveLength(1);
    });

    it('shows a failed load in the error panel', async () => {
        getConflicts.mockRejectedValue({ body: { message: 'companion unreachable' } });
        const element = await mount();

        expect(head(element).querySelector('c-error-panel')).not.toBeNull();
        expect(head(element).querySelector('.empty')).toBeNull();
    });

    it('shows empty values as a dash and others as text', () => {
        expect([null, '', undefined, 0, false, 'x'].map(shownValue)).toEqual([
            '—',
            '—',
            '—',
            '0',
            'false',
            'x'
        ]);
    });
});
