import { SalesforceError } from './errors.ts';
import { type Org, stageByName } from './org.ts';

type Values = Record<string, unknown>;

const num = (value: unknown) => (typeof value === 'number' ? value : 0);
const round2 = (value: number) => Math.round(value * 100) / 100;

const integrity = (message: string, fields: string[] = []) =>
    new SalesforceError('FIELD_INTEGRITY_EXCEPTION', `field integrity exception: ${message}`, {
        fields
    });

function deriveLine(
    org: Org,
    object: string,
    record: Values,
    provided: Values,
    inserting: boolean
) {
    const entry = org.store.get('PricebookEntry', String(record.PricebookEntryId));
    if (inserting && !entry)
        throw new SalesforceError(
            'REQUIRED_FIELD_MISSING',
            'Required fields are missing: [PricebookEntryId]',
            {
                fields: ['PricebookEntryId']
            }
        );
    if (entry) {
        record.Product2Id = entry.Product2Id;
        record.ListPrice = entry.UnitPrice;
        if (object === 'OpportunityLineItem') record.ProductCode = entry.ProductCode ?? null;
    }
    const total = object === 'OpportunityLineItem' ? provided.TotalPrice : undefined;
    const unit = provided.UnitPrice;
    if (inserting && unit !== undefined && total !== undefined)
        throw integrity('TotalPrice (cannot specify both unit price and total price)', [
            'TotalPrice'
        ]);
    if (inserting && unit === undefined && total === undefined)
        throw integrity('unknown (must specify either UnitPrice or TotalPrice)');
    const discount = num(record.Discount) / 100;
    if (total !== undefined && total !== null && unit === undefined)
        record.UnitPrice = round2(num(total) / num(record.Quantity) / (1 - discount || 1));
    record.Subtotal = round2(num(record.Quantity) * num(record.UnitPrice));
    record.TotalPrice = round2(num(record.Subtotal) * (1 - discount));
}

function deriveOpportunity(org: Org, record: Values, before: Values | undefined) {
    const stage = stageByName(org, record.StageName);
    record.IsClosed = stage?.IsClosed === true;
    record.IsWon = stage?.IsWon === true;
    if (!before || before.StageName !== record.StageName) {
        record.ForecastCategoryName = stage?.ForecastCategoryName ?? null;
        if (record.Probability === undefined || record.Probability === before?.Probability)
            record.Probability = stage?.DefaultProbability ?? null;
    }
    const lines = org.store.all('OpportunityLineItem').filter((l) => l.OpportunityId === record.Id);
    record.HasOpportunityLineItem = lines.length > 0;
    // With products, Amount is the sum of the lines; writes to it are silently ignored (§G.1).
    if (lines.length > 0) record.Amount = round2(lines.reduce((s, l) => s + num(l.TotalPrice), 0));
    const close = typeof record.CloseDate === 'string' ? record.CloseDate : undefined;
    record.FiscalYear = close ? Number(close.slice(0, 4)) : null;
    record.FiscalQuarter = close ? Math.floor((Number(close.slice(5, 7)) - 1) / 3) + 1 : null;
}

function deriveQuote(org: Org, record: Values) {
    const opportunity = org.store.get('Opportunity', String(record.OpportunityId));
    record.AccountId = opportunity?.AccountId ?? null;
    if (org.multiCurrency && opportunity) record.CurrencyIsoCode = opportunity.CurrencyIsoCode;
    const lines = org.store.all('QuoteLineItem').filter((l) => l.QuoteId === record.Id);
    const subtotal = round2(lines.reduce((s, l) => s + num(l.Subtotal), 0));
    const total = round2(lines.reduce((s, l) => s + num(l.TotalPrice), 0));
    record.Subtotal = subtotal;
    record.TotalPrice = total;
    record.Discount = subtotal === 0 ? null : round2((1 - total / subtotal) * 100);
    record.GrandTotal = round2(total + num(record.Tax) + num(record.ShippingHandling));
    record.LineItemCount = lines.length;
    record.IsSyncing = opportunity?.SyncedQuoteId === record.Id;
}

function deriveTask(org: Org, record: Values) {
    record.IsClosed = record.Status === 'Completed';
    const what = record.WhatId ? String(record.WhatId) : undefined;
    const whatObject = what ? org.store.objectOf(what) : undefined;
    const who = record.WhoId ? org.store.get('Contact', String(record.WhoId)) : undefined;
    if (whatObject === 'Account') record.AccountId = what;
    else if (whatObject) record.AccountId = org.store.get(whatObject, what!)?.AccountId ?? null;
    else record.AccountId = who?.AccountId ?? null;
}

/** `INV-{0000}` with 7 → `INV-0007`; date tokens use the record's creation date. */
function formatAutoNumber(format: string, value: number, createdDate: string): string {
    return format.replace(/\{(0+|YYYY|YY|MM|DD)\}/g, (_, token: string) => {
        if (token === 'YYYY') return createdDate.slice(0, 4);
        if (token === 'YY') return createdDate.slice(2, 4);
        if (token === 'MM') return createdDate.slice(5, 7);
        if (token === 'DD') return createdDate.slice(8, 10);
        return String(value).padStart(token.length, '0');
    });
}

function fillAutoNumbers(org: Org, object: string, record: Values) {
    const def = org.schema.objects.get(object.toLowerCase());
    for (const field of def?.fields.values() ?? []) {
        if (!field.autoNumberFormat) continue;
        const key = `${object}.${field.name}`;
        const next = (org.counters.get(key) ?? 0) + 1;
        org.counters.set(key, next);
        record[field.name] = formatAutoNumber(
            field.autoNumberFormat,
            next,
            String(record.CreatedDate ?? '')
        );
    }
}

/**
 * Fills the fields an org computes when a record is saved (IsWon, line totals, names,
 * auto-numbers). `provided` holds what the client sent, so "either UnitPrice or TotalPrice" can
 * be told apart from values carried over from the stored record.
 */
export function deriveFields(
    org: Org,
    object: string,
    record: Values,
    before: Values | undefined,
    provided: Values
): void {
    const inserting = before === undefined;
    if (inserting) fillAutoNumbers(org, object, record);
    switch (object) {
        case 'Contact':
        case 'User':
            record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
            break;
        case 'Opportunity':
            deriveOpportunity(org, record, before);
            break;
        case 'OpportunityLineItem':
        case 'QuoteLineItem':
            deriveLine(org, object, record, provided, inserting);
            if (org.multiCurrency) {
                const parent = object === 'OpportunityLineItem' ? 'Opportunity' : 'Quote';
                const parentId = record[`${parent}Id`];
                record.CurrencyIsoCode =
                    org.store.get(parent, String(parentId))?.CurrencyIsoCode ?? null;
            }
            if (object === 'OpportunityLineItem') {
                const product = org.store.get('Product2', String(record.Product2Id));
                const opportunity = org.store.get('Opportunity', String(record.OpportunityId));
                record.Name =
                    `${String(opportunity?.Name ?? '')} ${String(product?.Name ?? '')}`.trim();
            }
            break;
        case 'Quote':
            deriveQuote(org, record);
            break;
        case 'Case':
            record.IsClosed = record.Status === 'Closed';
            break;
        case 'Task':
            deriveTask(org, record);
            break;
        case 'PricebookEntry': {
            const product = org.store.get('Product2', String(record.Product2Id));
            record.Name = product?.Name ?? null;
            record.ProductCode = product?.ProductCode ?? null;
            break;
        }
    }
}
