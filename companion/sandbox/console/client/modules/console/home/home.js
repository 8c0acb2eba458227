import { LightningElement } from 'lwc';
import { getHome, money } from 'console/api';

/** The seeded deals and accounts, each a link to its record page. */
export default class Home extends LightningElement {
    opportunities = [];
    accounts = [];
    error;

    async connectedCallback() {
        try {
            const home = await getHome();
            this.opportunities = home.opportunities.map((o) => ({
                ...o,
                href: `/console#/Opportunity/${o.Id}`,
                accountHref: `/console#/Account/${o.AccountId}`,
                amount: money(o.Amount, o.CurrencyIsoCode)
            }));
            this.accounts = home.accounts.map((a) => ({ ...a, href: `/console#/Account/${a.Id}` }));
        } catch (error) {
            this.error = error.message;
        }
    }
}
