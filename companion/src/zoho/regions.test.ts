import { describe, expect, it } from 'vitest';

import { ZohoAuthError } from './errors.ts';
import {
    assertApiDomain,
    invoiceWebUrl,
    endpointTable,
    regionFromAccountsServer,
    regionFromCallback,
    ZOHO_DATA_CENTRES
} from './regions.ts';

describe('Zoho regions', () => {
    it.each([
        { server: 'https://accounts.zoho.com', region: 'us' },
        { server: 'https://accounts.zoho.eu/', region: 'eu' },
        { server: 'https://ACCOUNTS.ZOHO.IN', region: 'in' },
        { server: 'https://accounts.zoho.com.au', region: 'au' },
        { server: 'https://accounts.zohocloud.ca', region: 'ca' },
        { server: 'https://accounts.zoho.sa', region: 'sa' }
    ])('maps $server to $region', ({ server, region }) => {
        expect(regionFromAccountsServer(server)).toBe(region);
    });

    it.each([
        { name: 'an attacker host', server: 'https://accounts.evil.example' },
        { name: 'a look-alike suffix', server: 'https://accounts.zoho.com.evil.example' },
        { name: 'credentials before the host', server: 'https://accounts.zoho.com@evil.example' },
        { name: 'plain http', server: 'http://accounts.zoho.com' },
        { name: 'the wrong Canadian host', server: 'https://accounts.zoho.ca' },
        { name: 'another port', server: 'https://accounts.zoho.com:8443' },
        { name: 'a path', server: 'https://accounts.zoho.com/redirect' },
        { name: 'a query', server: 'https://accounts.zoho.com?next=https://evil.example' },
        { name: 'not a URL', server: 'accounts.zoho.com' }
    ])('refuses $name', ({ server }) => {
        expect(() => regionFromAccountsServer(server)).toThrow(ZohoAuthError);
        try {
            regionFromAccountsServer(server);
        } catch (error) {
            expect(error).toMatchObject({ code: 'zoho_accounts_server_untrusted' });
        }
    });

    it('refuses a callback whose location disagrees with its accounts server', () => {
        expect(() =>
            regionFromCallback({ location: 'eu', 'accounts-server': 'https://accounts.zoho.com' })
        ).toThrow(ZohoAuthError);
        expect(
            regionFromCallback({ location: 'EU', 'accounts-server': 'https://accounts.zoho.eu' })
        ).toBe('eu');
    });

    it('points every region at the simulator in sandbox mode, and refuses real hosts there', () => {
        const table = endpointTable((r) => ({
            accountsUrl: `http://127.0.0.1:4010/dc/${r}/accounts`,
            apiDomain: `http://127.0.0.1:4010/dc/${r}/api`
        }));
        expect(regionFromAccountsServer('http://127.0.0.1:4010/dc/jp/accounts', table)).toBe('jp');
        expect(() => regionFromAccountsServer('https://accounts.zoho.com', table)).toThrow();
        expect(() => assertApiDomain('http://127.0.0.1:4010/dc/us/api', 'eu', table)).toThrow();
    });

    it('accepts only the region’s own API domain', () => {
        expect(() => assertApiDomain('https://www.zohoapis.eu', 'eu')).not.toThrow();
        expect(() => assertApiDomain('https://www.zohoapis.com', 'eu')).toThrow(ZohoAuthError);
        expect(ZOHO_DATA_CENTRES.ca.accountsUrl).toBe('https://accounts.zohocloud.ca');
    });
});

describe('invoiceWebUrl', () => {
    it("links to the Books web app of the organization's data centre", () => {
        expect(invoiceWebUrl('eu', '20061234', '460000000012345')).toBe(
            'https://books.zoho.eu/app/20061234#/invoices/460000000012345'
        );
        expect(invoiceWebUrl('ca', '1', '2')).toBe('https://books.zohocloud.ca/app/1#/invoices/2');
    });
});
