import { createElement } from 'lwc';
import ClosebooksCollectionsTiming, { timingErrors } from 'c/closebooksCollectionsTiming';
import { clearBody } from '../../../../../test/jest-utils/lwcTest';

jest.mock(
    '@salesforce/label/c.Closebooks_Setup_Days_Invalid',
    () => ({ default: 'Enter a whole number of days from {0} to 365.' }),
    { virtual: true }
);

function mount(props = {}) {
    const element = createElement('c-closebooks-collections-timing', {
        is: ClosebooksCollectionsTiming
    });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

function field(element, name) {
    return [...element.shadowRoot.querySelectorAll('[data-timing]')].find(
        (candidate) => candidate.name === name
    );
}

function spyOnValidity(element) {
    element.shadowRoot.querySelectorAll('[data-timing]').forEach((input) => {
        input.setCustomValidity = jest.fn();
        input.reportValidity = jest.fn();
    });
}

describe('c-closebooks-collections-timing', () => {
    afterEach(() => {
        clearBody();
    });

    it('shows the stored timing', () => {
        const element = mount({
            gracePeriodDays: 3,
            escalationOffsetDays: 21,
            escalationRecord: 'Manager_Task'
        });
        expect(field(element, 'gracePeriodDays').value).toBe(3);
        expect(field(element, 'escalationOffsetDays').value).toBe(21);
        const record = field(element, 'escalationRecord');
        expect(record.value).toBe('Manager_Task');
        expect(record.options.map((option) => option.value)).toEqual(['Manager_Task', 'Case']);
    });

    it('reports each change as a number, and an emptied day as null', () => {
        const element = mount();
        const changes = jest.fn();
        element.addEventListener('change', changes);

        field(element, 'gracePeriodDays').dispatchEvent(
            new CustomEvent('change', { detail: { value: '5' } })
        );
        field(element, 'escalationOffsetDays').dispatchEvent(
            new CustomEvent('change', { detail: { value: '' } })
        );
        field(element, 'escalationRecord').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'Case' } })
        );

        expect(changes.mock.calls.map((call) => call[0].detail)).toEqual([
            { name: 'gracePeriodDays', value: 5 },
            { name: 'escalationOffsetDays', value: null },
            { name: 'escalationRecord', value: 'Case' }
        ]);
    });

    it('refuses an escalation inside the grace period and shows it next to the field', () => {
        const element = mount({
            gracePeriodDays: 10,
            escalationOffsetDays: 7,
            escalationRecord: 'Case'
        });
        spyOnValidity(element);

        expect(element.validate()).toBe(false);
        expect(field(element, 'escalationOffsetDays').setCustomValidity).toHaveBeenCalledWith(
            'c.Closebooks_Setup_Escalation_After_Grace'
        );
        expect(field(element, 'gracePeriodDays').setCustomValidity).toHaveBeenCalledWith('');
    });

    it('accepts a timing the companion can follow, and no escalation at all', () => {
        const element = mount({
            gracePeriodDays: 2,
            escalationOffsetDays: 14,
            escalationRecord: 'Case'
        });
        spyOnValidity(element);
        expect(element.validate()).toBe(true);
        expect(timingErrors({ gracePeriodDays: 0 })).toEqual({});
        expect(timingErrors({})).toEqual({});
    });

    it('checks the same ranges as the server', () => {
        expect(
            timingErrors({ gracePeriodDays: -1, escalationOffsetDays: 0, escalationRecord: null })
        ).toEqual({
            gracePeriodDays: 'Enter a whole number of days from 0 to 365.',
            escalationOffsetDays: 'Enter a whole number of days from 1 to 365.',
            escalationRecord: 'c.Closebooks_Setup_Choose_Value'
        });
        expect(timingErrors({ gracePeriodDays: 2.5 })).toHaveProperty('gracePeriodDays');
        expect(timingErrors({ escalationOffsetDays: 400, escalationRecord: 'Case' })).toEqual({
            escalationOffsetDays: 'Enter a whole number of days from 1 to 365.'
        });
    });

    it('shows the server’s errors and answers whether there were any', () => {
        const element = mount();
        spyOnValidity(element);
        expect(element.showErrors({ escalationRecord: 'Choose a value' })).toBe(false);
        expect(field(element, 'escalationRecord').setCustomValidity).toHaveBeenCalledWith(
            'Choose a value'
        );
        expect(element.showErrors({})).toBe(true);
    });
});
