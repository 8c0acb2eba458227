import { collect } from '../../zoho/resources/common.ts';
import type { RegionalZohoClient } from '../clients.ts';
import { overdueBalance } from './map.ts';

/** A customer's balances as Zoho shows them today: its contact, and its past-due invoices. */
export async function customerBalances(
    zoho: RegionalZohoClient,
    customerId: string,
    today: string
) {
    const contact = await zoho.contacts.get(customerId);
    const pastDue = await collect(
        zoho.invoices.listAll({
            customer_id: customerId,
            status: 'unpaid',
            due_date_before: today
        })
    );
    return {
        outstanding: contact.outstanding_receivable_amount ?? 0,
        overdue: overdueBalance(pastDue, today),
        unusedCredits: contact.unused_credits_receivable_amount ?? 0
    };
}
