import { createElement } from 'lwc';
import ClosebooksMappingRules, {
    buildCondition,
    parseCondition,
    rowActions
} from 'c/closebooksMappingRules';
import getRules from '@salesforce/apex/ClosebooksMappingController.getRules';
import saveRule from '@salesforce/apex/ClosebooksMappingController.saveRule';
import previewRule from '@salesforce/apex/ClosebooksMappingController.previewRule';
import setRuleActive from '@salesforce/apex/ClosebooksMappingController.setRuleActive';
import deleteRule from '@salesforce/apex/ClosebooksMappingController.deleteRule';
import moveRule from '@salesforce/apex/ClosebooksMappingController.moveRule';
import { clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

const RULES = require('./data/rules.json');

jest.mock('@salesforce/apex/ClosebooksMappingController.getRules', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/ClosebooksMappingController.saveRule', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock(
    '@salesforce/apex/ClosebooksMappingController.previewRule',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksMappingController.setRuleActive',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksMappingController.deleteRule',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock('@salesforce/apex/ClosebooksMappingController.moveRule', () => ({ default: jest.fn() }), {
    virtual: true
});

async function mount() {
    const element = createElement('c-closebooks-mapping-rules', { is: ClosebooksMappingRules });
    document.body.appendChild(element);
    await flush();
    return element;
}

function input(element, name) {
    return [...element.shadowRoot.querySelectorAll('lightning-input, lightning-combobox')].find(
        (candidate) => candidate.name === name
    );
}

function change(target, value) {
    target.value = value;
    target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

async function rowAction(element, name, row) {
    element.shadowRoot
        .querySelector('lightning-datatable')
        .dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name }, row } }));
    await flush();
}

function toastsOf(element) {
    const toasts = jest.fn();
    element.addEventListener('lightning__showtoast', toasts);
    return () => toasts.mock.calls.map((call) => call[0].detail);
}

describe('c-closebooks-mapping-rules', () => {
    beforeEach(() => {
        getRules.mockResolvedValue(RULES);
    });

    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
    });

    it('lists the rules in order with where each value comes from and goes', async () => {
        const element = await mount();
        const table = element.shadowRoot.querySelector('lightning-datatable');

        expect(table.data.map((row) => [row.source, row.target, row.isActive])).toEqual([
            ['Account.BillingCountry', 'zoho_contact.billing_address.country', true],
            ['Account.Phone', 'zoho_contact.phone', false]
        ]);
        expect(table.data.map((row) => [row.isFirst, row.isLast])).toEqual([
            [true, false],
            [false, true]
        ]);
        expect(element.shadowRoot.querySelector('.delete-note').textContent.trim()).toBe(
            'c.Closebooks_Setup_Rule_Delete_Note'
        );
    });

    it('offers activate or deactivate by state, and no move past either end', () => {
        const actionsOf = (row) => {
            let offered;
            rowActions(row, (actions) => {
                offered = actions;
            });
            return offered;
        };
        const first = actionsOf({ isActive: true, isFirst: true, isLast: false });
        expect(first.map((action) => action.name)).toEqual([
            'edit',
            'deactivate',
            'up',
            'down',
            'delete'
        ]);
        expect(first.find((action) => action.name === 'up').disabled).toBe(true);
        const last = actionsOf({ isActive: false, isFirst: false, isLast: true });
        expect(last[1].name).toBe('activate');
        expect(last.find((action) => action.name === 'down').disabled).toBe(true);
    });

    it('edits a rule with the condition builder and previews it live', async () => {
        previewRule.mockResolvedValue({ applies: true, before: 'Germany ', after: 'DE' });
        const element = await mount();
        await rowAction(
            element,
            'edit',
            element.shadowRoot.querySelector('lightning-datatable').data[0]
        );

        expect(element.shadowRoot.querySelector('.builder-field').value).toBe('Type');
        expect(input(element, 'developerName').disabled).toBe(true);
        change(element.shadowRoot.querySelector('.builder-operator'), 'notblank');
        await flush();
        expect(element.shadowRoot.querySelector('.condition-text').value).toBe('Type notblank');
        expect(element.shadowRoot.querySelector('.builder-value').disabled).toBe(true);

        change(element.shadowRoot.querySelector('.preview-record'), '001Hs00002QrStUIAV');
        element.shadowRoot.querySelector('lightning-button.preview').click();
        await flush();

        expect(previewRule).toHaveBeenCalledWith({
            input: expect.objectContaining({
                condition: 'Type notblank',
                sourceField: 'BillingCountry'
            }),
            recordId: '001Hs00002QrStUIAV'
        });
        const result = element.shadowRoot.querySelector('.preview-result');
        expect(result.getAttribute('role')).toBe('status');
        expect(result.textContent).toBe('c.Closebooks_Setup_Preview_Result');
    });

    it('adds a new rule and shows the server’s field errors next to their fields', async () => {
        saveRule.mockResolvedValue({
            sourceField: 'Account has no field Typo__c.',
            condition: 'The condition is not valid.'
        });
        const element = await mount();
        const toasts = toastsOf(element);
        element.shadowRoot.querySelector('lightning-button.new-rule').click();
        await flush();

        expect(input(element, 'developerName').disabled).toBe(false);
        change(input(element, 'developerName'), 'Account_Type');
        change(input(element, 'sourceField'), 'Typo__c');
        change(input(element, 'targetField'), 'customer_sub_type');
        await flush();
        const sourceField = input(element, 'sourceField');
        const condition = element.shadowRoot.querySelector('.condition-text');
        sourceField.setCustomValidity = jest.fn();
        condition.setCustomValidity = jest.fn();

        element.shadowRoot.querySelector('.save-rule').click();
        await flush();

        expect(saveRule).toHaveBeenCalledWith({
            input: expect.objectContaining({
                developerName: 'Account_Type',
                sourceObject: 'Account',
                sourceField: 'Typo__c',
                targetObject: 'zoho_contact',
                targetField: 'customer_sub_type',
                isActive: true,
                sortOrder: null
            })
        });
        expect(sourceField.setCustomValidity).toHaveBeenLastCalledWith(
            'Account has no field Typo__c.'
        );
        expect(condition.setCustomValidity).toHaveBeenLastCalledWith('The condition is not valid.');
        expect(toasts()[0].variant).toBe('error');
    });

    it('says a valid save was queued', async () => {
        saveRule.mockResolvedValue({});
        const element = await mount();
        const toasts = toastsOf(element);
        await rowAction(element, 'edit', RULES[1]);

        element.shadowRoot.querySelector('.save-rule').click();
        await flush();

        expect(toasts()).toEqual([
            expect.objectContaining({
                variant: 'success',
                message: 'c.Closebooks_Setup_Save_Queued'
            })
        ]);
    });

    it('activates and deactivates a rule, showing why one cannot be activated', async () => {
        setRuleActive
            .mockResolvedValueOnce({})
            .mockResolvedValueOnce({ sourceField: 'Account has no field Deleted__c.' });
        const element = await mount();
        const toasts = toastsOf(element);

        await rowAction(element, 'deactivate', RULES[0]);
        await rowAction(element, 'activate', RULES[1]);

        expect(setRuleActive.mock.calls).toEqual([
            [{ developerName: 'Account_Billing_Country', active: false }],
            [{ developerName: 'Account_Phone', active: true }]
        ]);
        expect(toasts().map((toast) => [toast.variant, toast.message])).toEqual([
            ['success', 'c.Closebooks_Setup_Save_Queued'],
            ['error', 'Account has no field Deleted__c.']
        ]);
    });

    it('moves a rule up or down', async () => {
        moveRule.mockResolvedValue(undefined);
        const element = await mount();

        await rowAction(element, 'down', RULES[0]);
        await rowAction(element, 'up', RULES[1]);

        expect(moveRule.mock.calls).toEqual([
            [{ developerName: 'Account_Billing_Country', offset: 1 }],
            [{ developerName: 'Account_Phone', offset: -1 }]
        ]);
    });

    it('deletes a rule by deactivating it and says so', async () => {
        deleteRule.mockResolvedValue('The rule was deactivated: delete it in Setup.');
        const element = await mount();
        const toasts = toastsOf(element);

        await rowAction(element, 'delete', RULES[1]);

        expect(deleteRule).toHaveBeenCalledWith({ developerName: 'Account_Phone' });
        expect(toasts()[0]).toMatchObject({
            variant: 'warning',
            message: 'The rule was deactivated: delete it in Setup.'
        });
    });

    it('reports a refused change instead of failing silently', async () => {
        moveRule.mockRejectedValue({
            body: { message: 'Only Closebooks admins can change setup.' }
        });
        const element = await mount();
        const toasts = toastsOf(element);

        await rowAction(element, 'up', RULES[1]);

        expect(toasts()[0]).toMatchObject({
            variant: 'error',
            message: 'Only Closebooks admins can change setup.'
        });
    });

    it('reads the rules again on refresh, and shows an error panel when they cannot be read', async () => {
        const element = await mount();
        getRules.mockRejectedValueOnce({ body: { message: 'no access' } });
        await element.refresh();
        await flush();
        expect(element.shadowRoot.querySelector('c-error-panel')).not.toBeNull();

        await element.refresh();
        await flush();
        expect(element.shadowRoot.querySelector('c-error-panel')).toBeNull();
        expect(getRules).toHaveBeenCalledTimes(3);
    });
});

describe('c-closebooks-mapping-rules condition builder', () => {
    it.each([
        {
            name: 'a quoted value',
            condition: "Type = 'Customer'",
            parts: { field: 'Type', operator: '=', value: 'Customer' }
        },
        {
            name: 'a unary operator',
            condition: 'Phone blank',
            parts: { field: 'Phone', operator: 'blank', value: '' }
        }
    ])('reads and writes $name', ({ condition, parts }) => {
        expect(parseCondition(condition)).toEqual(parts);
        expect(buildCondition(parts)).toBe(condition);
    });

    it('writes nothing without a field', () => {
        expect(buildCondition({ field: '', operator: '=', value: 'x' })).toBe('');
        expect(parseCondition(undefined)).toEqual({ field: '', operator: '=', value: '' });
    });
});
