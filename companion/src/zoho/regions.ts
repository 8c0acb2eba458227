import type { ZohoRegion } from '../store/connections.ts';
import { ZohoAuthError } from './errors.ts';

/**
 * Zoho data centres (reference §1). This module is the only place that knows their hosts.
 * Each region has an accounts (OAuth) server and an API domain; the Books base is
 * `${apiDomain}/books/v3`. Canada's accounts host is `accounts.zohocloud.ca`, not `zoho.ca`.
 * The UK DC is unconfirmed for Books and left out.
 */
export type ZohoEndpoints = { accountsUrl: string; apiDomain: string };

export type EndpointTable = Readonly<Record<ZohoRegion, ZohoEndpoints>>;

export const ZOHO_DATA_CENTRES: EndpointTable = {
    us: { accountsUrl: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' },
    eu: { accountsUrl: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu' },
    in: { accountsUrl: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
    au: { accountsUrl: 'https://accounts.zoho.com.au', apiDomain: 'https://www.zohoapis.com.au' },
    jp: { accountsUrl: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
    ca: { accountsUrl: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca' },
    cn: { accountsUrl: 'https://accounts.zoho.com.cn', apiDomain: 'https://www.zohoapis.com.cn' },
    sa: { accountsUrl: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa' }
};

/** The Books web app per data centre: where a person opens an invoice. */
export const BOOKS_WEB: Readonly<Record<ZohoRegion, string>> = {
    us: 'https://books.zoho.com',
    eu: 'https://books.zoho.eu',
    in: 'https://books.zoho.in',
    au: 'https://books.zoho.com.au',
    jp: 'https://books.zoho.jp',
    ca: 'https://books.zohocloud.ca',
    cn: 'https://books.zoho.com.cn',
    sa: 'https://books.zoho.sa'
};

/** The link to an invoice in the Books web app. */
export function invoiceWebUrl(
    region: ZohoRegion,
    organizationId: string,
    invoiceId: string
): string {
    return `${BOOKS_WEB[region]}/app/${encodeURIComponent(organizationId)}#/invoices/${encodeURIComponent(invoiceId)}`;
}

/**
 * The endpoint table in use: the real data centres, or `override(region)` for each region when
 * the companion runs against the simulator (sandbox mode).
 */
export function endpointTable(override?: (region: ZohoRegion) => ZohoEndpoints): EndpointTable {
    if (!override) return ZOHO_DATA_CENTRES;
    const regions = Object.keys(ZOHO_DATA_CENTRES) as ZohoRegion[];
    return Object.fromEntries(regions.map((r) => [r, override(r)])) as EndpointTable;
}

/** `scheme://host[:port]/path` without a trailing slash, or undefined for a URL we refuse. */
function normalize(url: string): string | undefined {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return undefined;
    }
    if (parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

function matchRegion(
    url: string,
    table: EndpointTable,
    field: keyof ZohoEndpoints
): ZohoRegion | undefined {
    const wanted = normalize(url);
    if (wanted === undefined) return undefined;
    for (const [region, endpoints] of Object.entries(table) as [ZohoRegion, ZohoEndpoints][])
        if (normalize(endpoints[field]) === wanted) return region;
    return undefined;
}

/**
 * The region whose accounts server is exactly `accountsServer` (the OAuth callback's
 * `accounts-server`). Anything else is refused: the code exchange sends our client secret to
 * that server, so an attacker-supplied host must never be called.
 */
export function regionFromAccountsServer(
    accountsServer: string,
    table: EndpointTable = ZOHO_DATA_CENTRES
): ZohoRegion {
    const region = matchRegion(accountsServer, table, 'accountsUrl');
    if (!region)
        throw new ZohoAuthError(
            'zoho_accounts_server_untrusted',
            `accounts server ${accountsServer} is not a known Zoho data centre`
        );
    return region;
}

/** Checks that a token response's `api_domain` is the region's own before tokens go there. */
export function assertApiDomain(
    apiDomain: string,
    region: ZohoRegion,
    table: EndpointTable = ZOHO_DATA_CENTRES
): void {
    if (matchRegion(apiDomain, table, 'apiDomain') !== region)
        throw new ZohoAuthError(
            'zoho_api_domain_untrusted',
            `api domain ${apiDomain} does not belong to the ${region} data centre`
        );
}

/**
 * The region named by an OAuth callback: `accounts-server` must be a known accounts server and,
 * when `location` is present, agree with it.
 */
export function regionFromCallback(
    callback: { location?: string | undefined; 'accounts-server': string },
    table: EndpointTable = ZOHO_DATA_CENTRES
): ZohoRegion {
    const region = regionFromAccountsServer(callback['accounts-server'], table);
    if (callback.location !== undefined && callback.location.toLowerCase() !== region)
        throw new ZohoAuthError(
            'zoho_accounts_server_untrusted',
            `location ${callback.location} does not match accounts server ${callback['accounts-server']}`
        );
    return region;
}
