import ZohoOpportunityInvoice from 'c/zohoOpportunityInvoice';
import getInvoiceStatus from '@salesforce/apex/ZohoOpportunityInvoiceController.getInvoiceStatus';
import createInvoiceNow from '@salesforce/apex/ZohoOpportunityInvoiceController.createInvoiceNow';
import previewInvoice from '@salesforce/apex/ZohoOpportunityInvoiceController.previewInvoice';
import { refreshApex } from '@salesforce/apex';
import {
    subscribe,
    unsubscribe,
    isEmpEnabled,
    jestMockPublish,
    jestMockReset
} from 'lightning/empApi';
import { clearBody, flush, mount as mountElement } from '../../../../../test/jest-utils/lwcTest';

const INVOICED = require('./data/invoicedOpportunity.json');
const PREVIEW = require('./data/preview.json');
const DEAL_ID = '006Hs00001AbCdEIAV';

jest.mock(
    '@salesforce/apex/ZohoOpportunityInvoiceController.getInvoiceStatus',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ZohoOpportunityInvoiceController.createInvoiceNow',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/ZohoOpportunityInvoiceController.previewInvoice',
    () => ({ default: jest.fn() }),
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
    virtual: true
});

const CHANNEL = '/event/Closebooks_Sync__e';

const mount = () =>
    mountElement('c-zoho-opportunity-invoice', ZohoOpportunityInvoice, { recordId: DEAL_ID });

function toasts(element) {
    const handler = jest.fn();
    element.addEventListener('lightning__showtoast', handler);
    return handler;
}

describe('c-zoho-opportunity-invoice', () => {
    afterEach(() => {
        clearBody();
        jest.clearAllMocks();
        jestMockReset();
    });

    it('shows a labelled spinner while loading', async () => {
        const element = mount();
        await flush();

        expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe(
            'c.Closebooks_Panel_Loading'
        );
    });

    it('shows the invoice number, status, paid and balance', async () => {
        const element = mount();
        getInvoiceStatus.emit(INVOICED);
        await flush();

        const root = element.shadowRoot;
        expect(getInvoiceStatus.getLastConfig()).toEqual({ opportunityId: DEAL_ID });
        const link = root.querySelector('.number a');
        expect(link.textContent).toBe('INV-000123');
        expect(link.title).toBe('c.Closebooks_Panel_Open_In_Zoho');
        expect(root.querySelector('.status').label).toBe('partially_paid');
        expect(root.querySelector('.paid').value).toBe(400);
        expect(root.querySelector('.balance').value).toBe(400);
        expect(root.querySelector('.attention')).toBeNull();
    });

    it('shows the empty state for a deal without an invoice', async () => {
        const element = mount();
        getInvoiceStatus.emit({ Id: DEAL_ID, Closebooks_Sync_Status__c: 'Pending' });
        await flush();

        expect(element.shadowRoot.querySelector('.none').textContent).toBe(
            'c.Closebooks_Invoice_None'
        );
        expect(element.shadowRoot.querySelector('.sync-status').textContent).toContain('Pending');
        expect(element.shadowRoot.querySelector('.create').label).toBe(
            'c.Closebooks_Action_Create_Invoice'
        );
    });

    it('shows the reason when the sync needs attention', async () => {
        const element = mount();
        getInvoiceStatus.emit({
            Id: DEAL_ID,
            Closebooks_Sync_Status__c: 'Held',
            Closebooks_Sync_Message__c: 'Held: add an account to this opportunity'
        });
        await flush();

        const attention = element.shadowRoot.querySelector('.attention');
        expect(attention.getAttribute('role')).toBe('status');
        expect(attention.querySelector('.reason').textContent).toBe(
            'Held: add an account to this opportunity'
        );
    });

    it('shows an error panel when the deal cannot be loaded', async () => {
        const element = mount();
        getInvoiceStatus.error({ message: 'The record does not exist or you cannot see it.' });
        await flush();

        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel.friendlyMessage).toBe('c.Closebooks_Invoice_Load_Error');
    });

    it('creates the invoice now, confirms it and refreshes', async () => {
        createInvoiceNow.mockResolvedValue('Invoice requested.');
        const element = mount();
        getInvoiceStatus.emit(INVOICED);
        await flush();
        const handler = toasts(element);

        element.shadowRoot.querySelector('.create').click();
        await flush();

        expect(createInvoiceNow).toHaveBeenCalledWith({ opportunityId: DEAL_ID });
        expect(handler.mock.calls[0][0].detail).toMatchObject({
            variant: 'success',
            message: 'Invoice requested.'
        });
        expect(refreshApex).toHaveBeenCalled();
    });

    it('shows why the invoice cannot be created', async () => {
        createInvoiceNow.mockRejectedValue({ body: { message: 'Held: add at least one product' } });
        const element = mount();
        getInvoiceStatus.emit(INVOICED);
        await flush();
        const handler = toasts(element);

        element.shadowRoot.querySelector('.create').click();
        await flush();

        expect(handler.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message: 'Held: add at least one product'
        });
        expect(refreshApex).toHaveBeenCalled();
    });

    it('previews the invoice with its lines, totals and warnings', async () => {
        previewInvoice.mockResolvedValue(PREVIEW);
        const element = mount();
        getInvoiceStatus.emit(INVOICED);
        await flush();

        element.shadowRoot.querySelector('.preview').click();
        await flush();

        expect(previewInvoice).toHaveBeenCalledWith({ opportunityId: DEAL_ID });
        const section = element.shadowRoot.querySelector('.preview-section');
        expect(section.getAttribute('aria-label')).toBe('c.Closebooks_Preview_Title');
        const table = section.querySelector('lightning-datatable');
        expect(table.data).toHaveLength(2);
        expect(table.data[0]).toMatchObject({ name: 'Closebooks Pro', amount: 600, key: 'line-0' });
        expect(section.textContent).toContain('952');
        expect(section.querySelectorAll('.warnings li')).toHaveLength(1);
    });

    it('reports a preview the companion refused', async () => {
        previewInvoice.mockRejectedValue({
            body: { message: 'POST /v1/invoices/preview answered 503' }
        });
        const element = mount();
        getInvoiceStatus.emit(INVOICED);
        await flush();
        const handler = toasts(element);

        element.shadowRoot.querySelector('.preview').click();
        await flush();

        expect(handler.mock.calls[0][0].detail.variant).toBe('error');
        expect(element.shadowRoot.querySelector('.preview-section')).toBeNull();
    });

    it('refreshes on a sync event for this deal only, and unsubscribes when removed', async () => {
        const element = mount();
        getInvoiceStatus.emit(INVOICED);
        await flush();

        jestMockPublish(CHANNEL, { Record_Id__c: '006Hs00009ZzZzZIAV' });
        expect(refreshApex).not.toHaveBeenCalled();
        jestMockPublish(CHANNEL, { Record_Id__c: DEAL_ID });
        expect(refreshApex).toHaveBeenCalledTimes(1);

        document.body.removeChild(element);
        expect(unsubscribe).toHaveBeenCalled();
    });

    it('does not subscribe when empApi is unavailable', async () => {
        isEmpEnabled.mockResolvedValueOnce(false);
        mount();
        await flush();

        expect(subscribe).not.toHaveBeenCalled();
    });
});
