import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';
import { clearBody } from '../../../../../test/jest-utils/lwcTest';

function mount(props) {
    const element = createElement('c-error-panel', { is: ErrorPanel });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

describe('c-error-panel', () => {
    afterEach(() => {
        clearBody();
    });

    it('lists every message of an Apex error under the heading', () => {
        const element = mount({
            friendlyMessage: 'Zoho balance could not be loaded',
            errors: [{ body: { message: 'Read timed out' } }, new Error('Session expired')]
        });

        const heading = element.shadowRoot.querySelector('h2');
        const items = [...element.shadowRoot.querySelectorAll('li')].map((li) => li.textContent);
        expect(heading.textContent).toBe('Zoho balance could not be loaded');
        expect(items).toEqual(['Read timed out', 'Session expired']);
    });

    it('shows the default heading and no list when the error carries no message', () => {
        const element = mount({ errors: { body: {} } });

        expect(element.shadowRoot.querySelector('h2').textContent).toBe('c.Closebooks_Error_Title');
        expect(element.shadowRoot.querySelector('ul')).toBeNull();
    });

    it('announces itself to assistive technology', () => {
        const element = mount({ errors: 'boom' });

        expect(element.shadowRoot.querySelector('[role="alert"]')).not.toBeNull();
        expect(element.shadowRoot.querySelector('lightning-icon').alternativeText).toBe(
            'c.Closebooks_Error_Icon'
        );
    });
});
