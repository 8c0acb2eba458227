import { createElement } from 'lwc';
import ClosebooksReviewQueue from 'c/closebooksReviewQueue';
import getReviews from '@salesforce/apex/ClosebooksCustomerInboxController.getReviews';
import resolveReview from '@salesforce/apex/ClosebooksCustomerInboxController.resolveReview';
import { childShadow, clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

jest.mock(
    '@salesforce/apex/ClosebooksCustomerInboxController.getReviews',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ClosebooksCustomerInboxController.resolveReview',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock('@salesforce/label/c.Closebooks_Setup_Reviews_Score', () => ({ default: 'score {0}' }), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.Closebooks_Setup_Reviews_Resolved',
    () => ({ default: '{0} is settled.' }),
    {
        virtual: true
    }
);

const candidate = (id, name, score) => ({
    zohoContactId: id,
    contactName: name,
    score,
    reasons: [`same name "${name.toLowerCase()}" (+${score})`]
});
const ACME = {
    id: '3',
    salesforceAccountId: '001000000000001AAA',
    accountName: 'Acme',
    zohoOrganizationId: '700000011',
    candidates: [candidate('46001', 'Acme Inc', 55), candidate('46002', 'Acme Ltd', 50)],
    state: 'open',
    zohoContactId: null,
    resolvedBy: null,
    createdAt: '2026-11-02T00:00:00.000Z',
    resolvedAt: null
};
const GLOBEX = {
    ...ACME,
    id: '4',
    salesforceAccountId: '001000000000002AAA',
    accountName: 'Globex',
    candidates: [candidate('46003', 'Globex', 55)]
};

async function mount() {
    const element = createElement('c-closebooks-review-queue', { is: ClosebooksReviewQueue });
    document.body.appendChild(element);
    await flush();
    return element;
}

const reviewCard = (element, id) =>
    element.shadowRoot.querySelector(`article.review[data-id="${id}"]`);

const head = (element) => childShadow(element, 'c-closebooks-section-head');

describe('c-closebooks-review-queue', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
    });

    it('lists each open review with its scored candidates', async () => {
        getReviews.mockResolvedValue({ reviews: [ACME, GLOBEX] });
        const element = await mount();

        expect(element.shadowRoot.querySelectorAll('article.review')).toHaveLength(2);
        const names = [...reviewCard(element, '3').querySelectorAll('.contact-name')].map(
            (n) => n.textContent
        );
        expect(names).toEqual(['Acme Inc', 'Acme Ltd']);
        expect(reviewCard(element, '3').textContent).toContain('score 55');
        expect(reviewCard(element, '4').querySelector('a').textContent).toBe('Globex');
        expect(head(element).querySelector('.empty')).toBeNull();
    });

    it('says so when no Account waits for a match', async () => {
        getReviews.mockResolvedValue({ reviews: [] });
        const element = await mount();

        expect(head(element).querySelector('.empty')).not.toBeNull();
        expect(element.shadowRoot.querySelector('article.review')).toBeNull();
    });

    it('links the review to the candidate clicked, then takes it off the queue', async () => {
        getReviews.mockResolvedValue({ reviews: [ACME, GLOBEX] });
        resolveReview.mockResolvedValue({ review: { ...ACME, state: 'linked' } });
        const element = await mount();
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        reviewCard(element, '3').querySelectorAll('lightning-button.link')[1].click();
        await flush();

        expect(resolveReview).toHaveBeenCalledWith({
            reviewId: '3',
            action: 'link',
            zohoContactId: '46002'
        });
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            variant: 'success',
            message: 'Acme is settled.'
        });
        expect(reviewCard(element, '3')).toBeNull();
        expect(reviewCard(element, '4')).not.toBeNull();
    });

    it('dismisses or leaves for a new customer without naming a contact', async () => {
        getReviews.mockResolvedValue({ reviews: [ACME, GLOBEX] });
        resolveReview.mockResolvedValue({ review: {} });
        const element = await mount();

        reviewCard(element, '3').querySelector('lightning-button.dismiss').click();
        await flush();
        reviewCard(element, '4').querySelector('lightning-button.create-new').click();
        await flush();

        expect(resolveReview.mock.calls).toEqual([
            [{ reviewId: '3', action: 'dismiss', zohoContactId: null }],
            [{ reviewId: '4', action: 'create_new', zohoContactId: null }]
        ]);
        expect(head(element).querySelector('.empty')).not.toBeNull();
    });

    it('toasts the refusal and keeps the review queued', async () => {
        getReviews.mockResolvedValue({ reviews: [ACME] });
        resolveReview.mockRejectedValue({
            body: { message: 'Zoho contact 46001 is linked to another Account' }
        });
        const element = await mount();
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        reviewCard(element, '3').querySelector('lightning-button.link').click();
        await flush();

        expect(toast.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message: 'Zoho contact 46001 is linked to another Account'
        });
        expect(reviewCard(element, '3')).not.toBeNull();
    });

    it('shows a failed load in the error panel', async () => {
        getReviews.mockRejectedValue({ body: { message: 'companion unreachable' } });
        const element = await mount();

        expect(head(element).querySelector('c-error-panel')).not.toBeNull();
        expect(head(element).querySelector('.empty')).toBeNull();
    });
});
