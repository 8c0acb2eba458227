import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { getZohoBooks, markSent, money, recordPayment } from 'console/api';

const PAYMENT_MODES = [
    { value: 'banktransfer', label: 'Bank transfer' },
    { value: 'check', label: 'Check' },
    { value: 'cash', label: 'Cash' },
    { value: 'creditcard', label: 'Credit card' }
];

/**
 * Simple screens of the simulated Zoho Books organization, as an accountant sees them: the
 * invoices, the customer payments, and a "Record payment" form for an open invoice.
 */
export default class ZohoBooks extends LightningElement {
    invoices = [];
    payments = [];
    error;
    paying;
    amount = '';
    date = '';
    mode = PAYMENT_MODES[0].value;
    isWorking = false;
    modes = PAYMENT_MODES;

    connectedCallback() {
        this.load();
    }

    async load() {
        try {
            const books = await getZohoBooks();
            this.date = books.today;
            this.invoices = books.invoices.map((i) => ({
                ...i,
                totalText: money(i.total, i.currency_code),
                balanceText: money(i.balance, i.currency_code),
                // Zoho takes payments on open invoices only: a draft is marked as sent first.
                isDraft: i.status === 'draft',
                canPay: i.balance > 0 && !['draft', 'void'].includes(i.status),
                payLabel: `Record payment for ${i.invoice_number}`,
                sendLabel: `Mark ${i.invoice_number} as sent`
            }));
            this.payments = books.payments.map((p) => ({
                ...p,
                amountText: money(p.amount, p.currency_code),
                invoiceNumbers: (p.invoices ?? []).map((i) => i.invoice_number).join(', ')
            }));
            this.error = undefined;
        } catch (error) {
            this.error = error.message;
        }
    }

    async handleMarkSent(event) {
        this.isWorking = true;
        try {
            await markSent(event.currentTarget.dataset.id);
            await this.load();
        } catch (error) {
            this.dispatchEvent(
                new ShowToastEvent({ title: 'Not sent', message: error.message, variant: 'error' })
            );
        } finally {
            this.isWorking = false;
        }
    }

    handlePay(event) {
        this.paying = this.invoices.find((i) => i.invoice_id === event.currentTarget.dataset.id);
        this.amount = String(this.paying?.balance ?? '');
    }

    handleAmount(event) {
        this.amount = event.target.value;
    }

    handleDate(event) {
        this.date = event.target.value;
    }

    handleMode(event) {
        this.mode = event.target.value;
    }

    handleCancel() {
        this.paying = undefined;
    }

    async handleSubmit(event) {
        event.preventDefault();
        this.isWorking = true;
        try {
            const payment = await recordPayment({
                invoiceId: this.paying.invoice_id,
                amount: Number(this.amount),
                date: this.date,
                paymentMode: this.mode
            });
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Payment recorded',
                    message: `${payment.payment_number} applied to ${this.paying.invoice_number}`,
                    variant: 'success'
                })
            );
            this.paying = undefined;
            await this.load();
        } catch (error) {
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Payment refused',
                    message: error.message,
                    variant: 'error'
                })
            );
        } finally {
            this.isWorking = false;
        }
    }

    get hasPayments() {
        return this.payments.length > 0;
    }
}
