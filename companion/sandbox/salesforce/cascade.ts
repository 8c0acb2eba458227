import { deriveFields } from './derive.ts';
import type { DmlContext } from './dml.ts';
import { SalesforceError } from './errors.ts';
import type { Org } from './org.ts';
import type { SObjectRecord } from './records.ts';
import type { ChildRelationship } from './schema/types.ts';

/**
 * Deleting an account also deletes its contacts and opportunities (Salesforce Help, "Delete
 * Accounts"), which then sit in the recycle bin with it.
 */
const ACCOUNT_CASCADE = new Set(['Contact.AccountId', 'Opportunity.AccountId']);

/**
 * Whether deleting a parent deletes the children of this relationship (describe's
 * `cascadeDelete`): master-detail children (a required lookup) go with their master, and an
 * account takes its contacts and opportunities; other lookups are cleared instead.
 */
export function cascadesOnDelete(
    org: Org,
    parent: string,
    relationship: Pick<ChildRelationship, 'childSObject' | 'field'>
): boolean {
    const field = org.schema.objects
        .get(relationship.childSObject.toLowerCase())
        ?.fields.get(relationship.field.toLowerCase());
    if (!field) return false;
    return (
        field.required ||
        (parent === 'Account' && ACCOUNT_CASCADE.has(`${relationship.childSObject}.${field.name}`))
    );
}

const integrity = (message: string) =>
    new SalesforceError(
        'FIELD_INTEGRITY_EXCEPTION',
        `field integrity exception: PricebookEntryId (${message})`,
        {
            fields: ['PricebookEntryId']
        }
    );

/**
 * Opportunity products must come from the opportunity's price book and, in a multi-currency
 * org, in the opportunity's currency (reference §G.2).
 */
export function checkLineItem(ctx: DmlContext, values: Record<string, unknown>): void {
    const opportunity = ctx.org.store.get('Opportunity', String(values.OpportunityId));
    const entry = ctx.org.store.get('PricebookEntry', String(values.PricebookEntryId));
    if (!opportunity || !entry) return;
    if (opportunity.Pricebook2Id && opportunity.Pricebook2Id !== entry.Pricebook2Id)
        throw integrity(
            'pricebook entry is in a different pricebook than the one assigned to the opportunity'
        );
    if (ctx.org.multiCurrency && entry.CurrencyIsoCode !== opportunity.CurrencyIsoCode)
        throw integrity('pricebook entry currency code does not match opportunity currency code');
}

/** A custom price book entry needs a standard price first. */
export function checkStandardPrice(ctx: DmlContext, values: Record<string, unknown>): void {
    const { store } = ctx.org;
    const book = store.get('Pricebook2', String(values.Pricebook2Id));
    if (!book || book.IsStandard === true) return;
    const standard = store
        .all('PricebookEntry')
        .find(
            (e) =>
                e.Product2Id === values.Product2Id &&
                (!ctx.org.multiCurrency || e.CurrencyIsoCode === values.CurrencyIsoCode) &&
                store.get('Pricebook2', String(e.Pricebook2Id))?.IsStandard === true
        );
    if (!standard)
        throw new SalesforceError(
            'STANDARD_PRICE_NOT_DEFINED',
            'No standard price defined for this product'
        );
}

function rederive(ctx: DmlContext, object: string, id: unknown) {
    const parent = id ? ctx.org.store.get(object, String(id)) : undefined;
    if (!parent) return;
    const next: Record<string, unknown> = { ...parent };
    deriveFields(ctx.org, object, next, parent, {});
    ctx.org.store.put(ctx.tx, object, next as SObjectRecord, ctx.userId);
}

/** Dated rates of one currency chain: each ends where the next starts (§G.6). */
function chainDatedRates(ctx: DmlContext, isoCode: unknown) {
    const rates = ctx.org.store
        .all('DatedConversionRate')
        .filter((r) => r.IsoCode === isoCode)
        .sort((a, b) => String(a.StartDate).localeCompare(String(b.StartDate)));
    rates.forEach((rate, i) => {
        const next = rates[i + 1]?.StartDate ?? '9999-12-31';
        if (rate.NextStartDate !== next)
            ctx.org.store.put(
                ctx.tx,
                'DatedConversionRate',
                { ...rate, NextStartDate: next },
                ctx.userId
            );
    });
}

/** After a save or delete: re-derive the parents whose roll-ups depend on the record. */
export function cascade(
    ctx: DmlContext,
    object: string,
    record: SObjectRecord | undefined,
    before: SObjectRecord | undefined
): void {
    const current = record ?? before;
    if (object === 'OpportunityLineItem') {
        const opportunity = ctx.org.store.get('Opportunity', String(current?.OpportunityId));
        const entry = ctx.org.store.get('PricebookEntry', String(current?.PricebookEntryId));
        // The first product sets the opportunity's price book.
        if (record && opportunity && entry && !opportunity.Pricebook2Id)
            ctx.org.store.put(
                ctx.tx,
                'Opportunity',
                { ...opportunity, Pricebook2Id: entry.Pricebook2Id },
                ctx.userId
            );
        rederive(ctx, 'Opportunity', current?.OpportunityId);
    }
    if (object === 'QuoteLineItem') rederive(ctx, 'Quote', current?.QuoteId);
    if (object === 'Opportunity' && record && record.SyncedQuoteId !== before?.SyncedQuoteId)
        for (const id of [record.SyncedQuoteId, before?.SyncedQuoteId]) rederive(ctx, 'Quote', id);
    if (object === 'DatedConversionRate') chainDatedRates(ctx, current?.IsoCode);
}
