import { createElement } from 'lwc';
import ClosebooksReconciliation, { accountRows, invoiceRows } from 'c/closebooksReconciliation';
import getReconciliation from '@salesforce/apex/ClosebooksReconciliationController.getReconciliation';
import { clearBody, flush } from '../../../../../test/jest-utils/lwcTest';

const REPORT = require('./data/reconciliation.json');

jest.mock(
    '@salesforce/apex/ClosebooksReconciliationController.getReconciliation',
    () => ({ default: jest.fn() }),
    { virtual: true }
);

function mount() {
    const element = createElement('c-closebooks-reconciliation', { is: ClosebooksReconciliation });
    document.body.appendChild(element);
    return element;
}

async function run(element, since) {
    if (since !== undefined) {
        const input = element.shadowRoot.querySelector('lightning-input.since');
        input.value = since;
        input.dispatchEvent(new CustomEvent('change'));
    }
    element.shadowRoot.querySelector('lightning-button.run').click();
    await flush();
}

describe('c-closebooks-reconciliation', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
    });

    it('asks nothing of the companion until the admin runs the comparison', async () => {
        const element = mount();
        await flush();
        expect(getReconciliation).not.toHaveBeenCalled();
        expect(element.shadowRoot.querySelector('.summary')).toBeNull();
    });

    it('shows the summary, the differing invoices and the differing accounts from the chosen date', async () => {
        getReconciliation.mockResolvedValue(REPORT);
        const element = mount();
        await run(element, '2026-11-01');

        expect(getReconciliation).toHaveBeenCalledWith({ since: '2026-11-01' });
        const counts = Object.fromEntries(
            [...element.shadowRoot.querySelectorAll('.summary-item')].map((li) => [
                li.dataset.key,
                li.textContent
            ])
        );
        expect(counts.differing).toContain('1');
        expect(counts.missingInSalesforce).toContain('1');
        expect(counts.brokenDealLinks).toContain('1');
        const invoices = element.shadowRoot.querySelector('lightning-datatable.invoices');
        expect(invoices.data.map((r) => [r.invoice, r.problem])).toEqual([
            ['INV-000101', 'c.Closebooks_Reconciliation_Differing'],
            ['INV-000102', 'c.Closebooks_Reconciliation_Missing_Salesforce'],
            ['4000000000000999', 'c.Closebooks_Reconciliation_Broken_Link']
        ]);
        expect(invoices.data[0].details).toBe('total: -1.25 USD, tax: -1.25 USD');
        const accounts = element.shadowRoot.querySelector('lightning-datatable.accounts');
        expect(accounts.data).toHaveLength(1);
        expect(accounts.data[0]).toMatchObject({
            accountId: '001000000000001AAA',
            taxDrift: 48.75
        });
        expect(element.shadowRoot.querySelector('.all-agree')).toBeNull();
    });

    it("leaves the period to the companion's default when no date is chosen", async () => {
        getReconciliation.mockResolvedValue(REPORT);
        const element = mount();
        await run(element);
        expect(getReconciliation).toHaveBeenCalledWith({ since: null });
    });

    it('says both sides agree when nothing differs', async () => {
        getReconciliation.mockResolvedValue({
            ...REPORT,
            summary: {
                ...REPORT.summary,
                differing: 0,
                missingInSalesforce: 0,
                brokenDealLinks: 0
            },
            invoices: [],
            accounts: [REPORT.accounts[1]]
        });
        const element = mount();
        await run(element);
        expect(element.shadowRoot.querySelector('.all-agree')).not.toBeNull();
        expect(element.shadowRoot.querySelector('lightning-datatable')).toBeNull();
    });

    it('shows the error when the companion cannot answer, and no stale report', async () => {
        getReconciliation.mockResolvedValueOnce(REPORT);
        const element = mount();
        await run(element);
        const failure = { body: { message: 'Read timed out' } };
        getReconciliation.mockRejectedValueOnce(failure);
        await run(element);
        expect(element.shadowRoot.querySelector('c-error-panel').errors).toEqual(failure);
        expect(element.shadowRoot.querySelector('.summary')).toBeNull();
    });
});

describe('invoiceRows and accountRows', () => {
    it('read an empty or missing report as no rows', () => {
        expect(invoiceRows(undefined)).toEqual([]);
        expect(accountRows({ accounts: [] })).toEqual([]);
    });
});
