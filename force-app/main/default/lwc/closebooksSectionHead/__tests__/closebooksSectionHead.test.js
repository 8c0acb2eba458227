import ClosebooksSectionHead from 'c/closebooksSectionHead';
import { clearBody, flush, mount } from '../../../../../test/jest-utils/lwcTest';

const head = (properties) =>
    mount('c-closebooks-section-head', ClosebooksSectionHead, {
        heading: 'Conflicts',
        ...properties
    });

describe('c-closebooks-section-head', () => {
    afterEach(() => {
        clearBody();
    });

    it('shows the title and help, and a spinner named by the title while loading', async () => {
        const element = head({ help: 'Fields edited on both sides', loading: true });
        await flush();

        const root = element.shadowRoot;
        expect(root.querySelector('h2').textContent).toBe('Conflicts');
        expect(root.querySelector('.help').textContent).toBe('Fields edited on both sides');
        expect(root.querySelector('lightning-spinner').alternativeText).toBe('Conflicts');
        expect(root.querySelector('c-error-panel')).toBeNull();
        expect(root.querySelector('.empty')).toBeNull();
    });

    it('shows no help line when none is given', async () => {
        const element = head();
        await flush();

        expect(element.shadowRoot.querySelector('.help')).toBeNull();
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('passes what loading failed with to the error panel', async () => {
        const failure = { body: { message: 'Companion unreachable' } };
        const element = head({ errors: failure });
        await flush();

        expect(element.shadowRoot.querySelector('c-error-panel').errors).toEqual(failure);
    });

    it('shows the empty text only while empty', async () => {
        const element = head({ empty: true, emptyText: 'Nothing to settle' });
        await flush();
        expect(element.shadowRoot.querySelector('.empty').textContent).toBe('Nothing to settle');

        element.empty = false;
        await flush();
        expect(element.shadowRoot.querySelector('.empty')).toBeNull();
    });
});
