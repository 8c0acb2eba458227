import { createElement } from 'lwc';
import ClosebooksZohoOrganization, { organizationLabel } from 'c/closebooksZohoOrganization';
import getZohoOrganizations from '@salesforce/apex/ClosebooksZohoOrgController.getZohoOrganizations';
import chooseZohoOrganization from '@salesforce/apex/ClosebooksZohoOrgController.chooseZohoOrganization';
import { childShadow, clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

jest.mock(
    '@salesforce/apex/ClosebooksZohoOrgController.getZohoOrganizations',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksZohoOrgController.chooseZohoOrganization',
    () => ({ default: jest.fn() }),
    { virtual: true }
);

jest.mock(
    '@salesforce/label/c.Closebooks_Setup_Zoho_Org_Saved',
    () => ({ default: 'Invoices now go to {0}.' }),
    { virtual: true }
);

const INC = {
    organizationId: '700000011',
    name: 'Acme Inc',
    region: 'us',
    planName: 'Standard',
    isDefault: false
};
const GMBH = {
    organizationId: '700007930',
    name: 'Acme GmbH',
    region: 'eu',
    planName: 'Premium',
    isDefault: false
};

async function mount() {
    const element = createElement('c-closebooks-zoho-organization', {
        is: ClosebooksZohoOrganization
    });
    document.body.appendChild(element);
    await flush();
    return element;
}

const head = (element) => childShadow(element, 'c-closebooks-section-head');

describe('c-closebooks-zoho-organization', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
    });

    it('lists the organizations and warns while several are joined and none is chosen', async () => {
        getZohoOrganizations.mockResolvedValue({ organizations: [INC, GMBH], chosen: null });
        const element = await mount();

        const combobox = element.shadowRoot.querySelector('lightning-combobox.organization');
        expect(combobox.options).toEqual([
            { label: 'Acme Inc (700000011, us)', value: '700000011' },
            { label: 'Acme GmbH (700007930, eu)', value: '700007930' }
        ]);
        expect(combobox.value).toBeNull();
        expect(element.shadowRoot.querySelector('.none-chosen')).not.toBeNull();
        expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(true);
    });

    it('preselects the chosen organization and shows no warning', async () => {
        getZohoOrganizations.mockResolvedValue({
            organizations: [{ ...INC, isDefault: true }, GMBH],
            chosen: INC.organizationId
        });
        const element = await mount();

        expect(element.shadowRoot.querySelector('lightning-combobox.organization').value).toBe(
            INC.organizationId
        );
        expect(element.shadowRoot.querySelector('.none-chosen')).toBeNull();
    });

    it('saves a new choice through Apex and confirms it', async () => {
        getZohoOrganizations.mockResolvedValue({ organizations: [INC, GMBH], chosen: null });
        chooseZohoOrganization.mockResolvedValue({
            organizations: [INC, { ...GMBH, isDefault: true }],
            chosen: GMBH.organizationId
        });
        const element = await mount();
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        const combobox = element.shadowRoot.querySelector('lightning-combobox.organization');
        combobox.dispatchEvent(
            new CustomEvent('change', { detail: { value: GMBH.organizationId } })
        );
        await flush();
        const save = element.shadowRoot.querySelector('lightning-button.save');
        expect(save.disabled).toBe(false);
        save.click();
        await flush();

        expect(chooseZohoOrganization).toHaveBeenCalledWith({
            organizationId: GMBH.organizationId
        });
        expect(toast).toHaveBeenCalledTimes(1);
        expect(toast.mock.calls[0][0].detail.message).toBe(
            'Invoices now go to Acme GmbH (700007930, eu).'
        );
        expect(element.shadowRoot.querySelector('.none-chosen')).toBeNull();
        expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(true);
    });

    it('shows the companion’s refusal in the error panel', async () => {
        getZohoOrganizations.mockRejectedValue({ body: { message: 'companion unreachable' } });
        const element = await mount();

        const panel = head(element).querySelector('c-error-panel');
        expect(panel).not.toBeNull();
        expect(panel.errors).toEqual({ body: { message: 'companion unreachable' } });
        expect(element.shadowRoot.querySelector('lightning-combobox')).toBeNull();
    });

    it('says so when no organization is joined yet', async () => {
        getZohoOrganizations.mockResolvedValue({ organizations: [], chosen: null });
        const element = await mount();

        expect(element.shadowRoot.querySelector('.empty')).not.toBeNull();
        expect(element.shadowRoot.querySelector('lightning-combobox')).toBeNull();
    });

    it('labels an organization without a name by its id', () => {
        expect(organizationLabel({ organizationId: '1', region: 'in' })).toBe('1, in');
    });
});
