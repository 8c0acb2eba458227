import { Hono } from 'hono';
import { z } from 'zod';

import { scope } from '../api.ts';
import { readBody } from '../body.ts';
import type { ApiEnv, SandboxDeps } from '../deps.ts';
import { ZohoError, zohoErrors } from '../errors.ts';
import type { Currency, ExchangeRate, OrgData } from '../state.ts';
import { dateString, num, ok } from './common.ts';

/** Symbols, names and precisions for the currencies the sandbox knows by code. */
const KNOWN_CURRENCIES: Record<string, { name: string; symbol: string; precision: number }> = {
    USD: { name: 'US Dollar', symbol: '$', precision: 2 },
    EUR: { name: 'Euro', symbol: '€', precision: 2 },
    GBP: { name: 'Pound Sterling', symbol: '£', precision: 2 },
    INR: { name: 'Indian Rupee', symbol: '₹', precision: 2 },
    JPY: { name: 'Japanese Yen', symbol: '¥', precision: 0 },
    AUD: { name: 'Australian Dollar', symbol: '$', precision: 2 },
    CAD: { name: 'Canadian Dollar', symbol: '$', precision: 2 },
    CNY: { name: 'Yuan Renminbi', symbol: '¥', precision: 2 },
    SAR: { name: 'Saudi Riyal', symbol: 'SAR', precision: 2 },
    AED: { name: 'UAE Dirham', symbol: 'AED', precision: 2 }
};

export function newCurrency(
    id: string,
    code: string,
    isBase: boolean,
    overrides: { symbol?: string; precision?: number } = {}
): Currency {
    const known = KNOWN_CURRENCIES[code];
    return {
        currency_id: id,
        currency_code: code,
        currency_name: known?.name ?? code,
        currency_symbol: overrides.symbol ?? known?.symbol ?? code,
        price_precision: overrides.precision ?? known?.precision ?? 2,
        currency_format: '1,234,567.89',
        is_base_currency: isBase
    };
}

const currencySchema = z.looseObject({
    currency_code: z.string().regex(/^[A-Z]{3}$/),
    currency_format: z.string().min(1),
    currency_symbol: z.string().optional(),
    price_precision: z.number().int().min(0).max(3).optional()
});
const rateSchema = z.looseObject({ effective_date: dateString, rate: num.refine((r) => r > 0) });

function latest(data: OrgData, currencyId: string): ExchangeRate | undefined {
    return [...data.exchangeRates.values()]
        .filter((r) => r.currency_id === currencyId)
        .sort((a, b) => a.effective_date.localeCompare(b.effective_date))
        .at(-1);
}

function renderCurrency(data: OrgData, currency: Currency) {
    const rate = latest(data, currency.currency_id);
    return {
        ...currency,
        exchange_rate: currency.is_base_currency ? 1 : (rate?.rate ?? 0),
        effective_date: rate?.effective_date ?? ''
    };
}

function renderRate(data: OrgData, r: ExchangeRate) {
    return { ...r, currency_code: data.currencies.get(r.currency_id)?.currency_code ?? '' };
}

function currencyFor(data: OrgData, id: string): Currency {
    const currency = data.currencies.get(id);
    if (!currency) throw zohoErrors.notFound('Currency');
    return currency;
}

/** Currencies and exchange rates under `/settings/currencies` (reference §6.8). */
export function currencyRoutes(deps: SandboxDeps) {
    return new Hono<ApiEnv>()
        .get('/settings/currencies', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            const filter = c.req.query('filter_by');
            if (filter !== undefined && filter !== 'Currencies.ExcludeBaseCurrency')
                throw zohoErrors.invalidValue('filter_by');
            const rows = [...data.currencies.values()].filter(
                (cur) => !filter || !cur.is_base_currency
            );
            return ok(c, 'success', { currencies: rows.map((cur) => renderCurrency(data, cur)) });
        })
        .post('/settings/currencies', scope('settings', 'CREATE'), async (c) => {
            const data = c.get('data');
            const body = await readBody(c, currencySchema);
            if (
                [...data.currencies.values()].some(
                    (cur) => cur.currency_code === body.currency_code
                )
            )
                throw new ZohoError(400, 1001, `Currency ${body.currency_code} already exists.`);
            const currency = newCurrency(deps.state.nextId(), body.currency_code, false, {
                symbol: body.currency_symbol,
                precision: body.price_precision
            });
            data.currencies.set(currency.currency_id, currency);
            return ok(
                c,
                'The currency has been added.',
                { currency: renderCurrency(data, currency) },
                201
            );
        })
        .get('/settings/currencies/:id', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            return ok(c, 'success', {
                currency: renderCurrency(data, currencyFor(data, c.req.param('id')))
            });
        })
        .put('/settings/currencies/:id', scope('settings', 'UPDATE'), async (c) => {
            const data = c.get('data');
            const currency = currencyFor(data, c.req.param('id'));
            const body = await readBody(c, currencySchema);
            Object.assign(currency, {
                currency_format: body.currency_format,
                currency_symbol: body.currency_symbol ?? currency.currency_symbol,
                price_precision: body.price_precision ?? currency.price_precision
            });
            return ok(c, 'Currency information has been saved.', {
                currency: renderCurrency(data, currency)
            });
        })
        .delete('/settings/currencies/:id', scope('settings', 'DELETE'), (c) => {
            const data = c.get('data');
            const currency = currencyFor(data, c.req.param('id'));
            if (currency.is_base_currency) throw zohoErrors.invalidValue('currency_id');
            const id = currency.currency_id;
            const used = [
                ...data.contacts.values(),
                ...data.invoices.values(),
                ...data.creditNotes.values()
            ].some((r) => r.currency_id === id);
            if (used)
                throw new ZohoError(
                    400,
                    2,
                    'The currency is used in transactions or contacts and cannot be deleted.'
                );
            data.currencies.delete(id);
            return ok(c, 'The currency has been deleted.');
        })
        .get('/settings/currencies/:id/exchangerates', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            const currency = currencyFor(data, c.req.param('id'));
            const from = c.req.query('from_date') ?? '';
            const rows = [...data.exchangeRates.values()]
                .filter((r) => r.currency_id === currency.currency_id && r.effective_date >= from)
                .sort((a, b) => b.effective_date.localeCompare(a.effective_date));
            return ok(c, 'success', { exchange_rates: rows.map((r) => renderRate(data, r)) });
        })
        .post('/settings/currencies/:id/exchangerates', scope('settings', 'CREATE'), async (c) => {
            const data = c.get('data');
            const currency = currencyFor(data, c.req.param('id'));
            if (currency.is_base_currency) throw zohoErrors.invalidValue('currency_id');
            const body = await readBody(c, rateSchema);
            const rate: ExchangeRate = {
                exchange_rate_id: deps.state.nextId(),
                currency_id: currency.currency_id,
                effective_date: body.effective_date,
                rate: body.rate
            };
            data.exchangeRates.set(rate.exchange_rate_id, rate);
            return ok(
                c,
                'The exchange rate has been added.',
                { exchange_rate: renderRate(data, rate) },
                201
            );
        })
        .get('/settings/currencies/:id/exchangerates/:rid', scope('settings', 'READ'), (c) => {
            const data = c.get('data');
            const rate = data.exchangeRates.get(c.req.param('rid'));
            if (!rate || rate.currency_id !== c.req.param('id'))
                throw zohoErrors.notFound('Exchange rate');
            return ok(c, 'success', { exchange_rate: renderRate(data, rate) });
        })
        .delete('/settings/currencies/:id/exchangerates/:rid', scope('settings', 'DELETE'), (c) => {
            const data = c.get('data');
            const rate = data.exchangeRates.get(c.req.param('rid'));
            if (!rate || rate.currency_id !== c.req.param('id'))
                throw zohoErrors.notFound('Exchange rate');
            data.exchangeRates.delete(rate.exchange_rate_id);
            return ok(c, 'The exchange rate has been deleted.');
        });
}
