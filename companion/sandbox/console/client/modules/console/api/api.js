// The console's own calls to its routes (record pages, the Close Won action, the Zoho screens).

async function request(method, url, body) {
    const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const answer = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer?.error?.message ?? response.statusText);
    return answer;
}

export const getHome = () => request('GET', '/console/api/home');
export const getRecord = (object, id) =>
    request('GET', `/console/api/records/${object}/${encodeURIComponent(id)}`);
export const closeWon = (id) =>
    request('POST', `/console/api/opportunities/${encodeURIComponent(id)}/close-won`);
export const getZohoBooks = () => request('GET', '/console/api/zoho');
export const markSent = (invoiceId) =>
    request('POST', `/console/api/zoho/invoices/${encodeURIComponent(invoiceId)}/sent`);
export const recordPayment = (payment) => request('POST', '/console/api/zoho/payments', payment);

/** A currency amount as Lightning shows it, e.g. `USD 1,250.00`. */
export function money(amount, currencyCode) {
    return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: currencyCode || 'USD'
    }).format(amount ?? 0);
}
