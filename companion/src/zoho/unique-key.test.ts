import { describe, expect, it } from 'vitest';

import { addDays } from '../../sandbox/zoho/time.ts';
import { zohoHarness, type ZohoHarness } from '../../test/support/zoho-client.ts';
import { SALESFORCE_ID_FIELD } from './key-fields.ts';
import { recordIdOfKey, uniqueKeyValue, upsertByKey, type KeyScope } from './unique-key.ts';

const PRODUCTION: KeyScope = { salesforceOrgId: '00D5g000004PRODEAQ', legacy: false };
// A full-copy sandbox: another org id, the same record ids as production.
const FULL_COPY: KeyScope = { salesforceOrgId: '00D7x000000COPYEAA', legacy: false };
const OPPORTUNITY = '0065g00000ABCDEAAA';

function setUp(): ZohoHarness {
    const h = zohoHarness();
    for (const entity of ['invoice', 'contact'] as const)
        h.sandbox.addCustomField(h.creds.organization_id, {
            label: 'Salesforce Id',
            api_name: SALESFORCE_ID_FIELD,
            entity,
            is_unique: true
        });
    return h;
}

async function invoiceBody(h: ZohoHarness, rate: number) {
    const contact = await h.client.contacts.create({
        contact_name: `Customer ${rate}`,
        contact_type: 'customer'
    });
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    return {
        customer_id: contact.contact_id,
        date: today,
        due_date: addDays(today, 30),
        line_items: [{ name: 'Licence', rate, quantity: 1 }]
    };
}

const invoices = (h: ZohoHarness) => [
    ...h.sandbox.state.orgs.get(h.creds.organization_id)!.invoices.values()
];
const storedKey = (h: ZohoHarness, invoiceId: string) =>
    invoices(h)
        .find((i) => i.id === invoiceId)
        ?.custom_fields.map((f) => f.value)
        .join();

describe('the unique key names the Salesforce org', () => {
    it('is the org id and the record id, short enough for a text field', () => {
        expect(uniqueKeyValue(PRODUCTION, OPPORTUNITY)).toBe(
            '00D5g000004PRODEAQ:0065g00000ABCDEAAA'
        );
        expect(uniqueKeyValue(PRODUCTION, OPPORTUNITY)).toHaveLength(37);
    });

    it('keeps a full-copy sandbox from overwriting production’s invoice of the same deal id', async () => {
        const h = setUp();
        const production = await invoiceBody(h, 1000);
        const sandbox = await invoiceBody(h, 1);
        const upsert = (scope: KeyScope, body: typeof production) =>
            upsertByKey(scope, OPPORTUNITY, (found) =>
                h.client.invoices.upsertByUniqueField({ key: SALESFORCE_ID_FIELD, body, ...found })
            );

        const first = await upsert(PRODUCTION, production);
        const copy = await upsert(FULL_COPY, sandbox);
        const again = await upsert(PRODUCTION, production);

        expect(first.created).toBe(true);
        expect(copy.created).toBe(true);
        expect(copy.invoice.invoice_id).not.toBe(first.invoice.invoice_id);
        expect(again).toMatchObject({ created: false });
        expect(again.invoice.invoice_id).toBe(first.invoice.invoice_id);
        const stored = invoices(h).find((i) => i.id === first.invoice.invoice_id);
        expect(stored?.customer_id).toBe(production.customer_id);
        expect(invoices(h)).toHaveLength(2);
    });

    it('finds an invoice a legacy connection made under the old key, and re-keys it', async () => {
        const h = setUp();
        const body = await invoiceBody(h, 250);
        // Made before the key named the org: the field holds the bare opportunity id.
        const old = await h.client.invoices.upsertByUniqueField({
            key: SALESFORCE_ID_FIELD,
            value: OPPORTUNITY,
            body
        });
        const legacy = { ...PRODUCTION, legacy: true };
        const upsert = (scope: KeyScope) =>
            upsertByKey(scope, OPPORTUNITY, (found) =>
                h.client.invoices.upsertByUniqueField({ key: SALESFORCE_ID_FIELD, body, ...found })
            );

        const found = await upsert(legacy);

        expect(found.created).toBe(false);
        expect(found.invoice.invoice_id).toBe(old.invoice.invoice_id);
        expect(storedKey(h, old.invoice.invoice_id)).toBe(uniqueKeyValue(PRODUCTION, OPPORTUNITY));
        // Once re-keyed, the new key alone finds it.
        expect((await upsert(PRODUCTION)).invoice.invoice_id).toBe(old.invoice.invoice_id);
        expect(invoices(h)).toHaveLength(1);
    });

    it('never adopts an old-key record for a connection made after the change (a new sandbox)', async () => {
        const h = setUp();
        const body = await invoiceBody(h, 250);
        const old = await h.client.invoices.upsertByUniqueField({
            key: SALESFORCE_ID_FIELD,
            value: OPPORTUNITY,
            body
        });

        const made = await upsertByKey(FULL_COPY, OPPORTUNITY, (found) =>
            h.client.invoices.upsertByUniqueField({ key: SALESFORCE_ID_FIELD, body, ...found })
        );

        expect(made.created).toBe(true);
        expect(made.invoice.invoice_id).not.toBe(old.invoice.invoice_id);
        expect(storedKey(h, old.invoice.invoice_id)).toBe(OPPORTUNITY);
    });

    it('creates under the new key when a legacy connection has no old-key record', async () => {
        const h = setUp();
        const body = await invoiceBody(h, 250);
        const made = await upsertByKey({ ...PRODUCTION, legacy: true }, OPPORTUNITY, (found) =>
            h.client.invoices.upsertByUniqueField({ key: SALESFORCE_ID_FIELD, body, ...found })
        );
        expect(made.created).toBe(true);
        expect(storedKey(h, made.invoice.invoice_id)).toBe(uniqueKeyValue(PRODUCTION, OPPORTUNITY));
    });
});

describe('recordIdOfKey', () => {
    const prod: KeyScope = { salesforceOrgId: '00D000000000001EAA', legacy: false };
    const account = '001000000000001AAA';

    it("reads the record id of this org's key only", () => {
        expect(recordIdOfKey(prod, `${prod.salesforceOrgId}:${account}`)).toBe(account);
        expect(recordIdOfKey(prod, `00D000000000002EAA:${account}`)).toBeUndefined();
        expect(recordIdOfKey(prod, `${prod.salesforceOrgId}:not an id`)).toBeUndefined();
        expect(recordIdOfKey(prod, 42)).toBeUndefined();
    });

    it('reads a bare id only on a connection that may hold old keys', () => {
        expect(recordIdOfKey(prod, account)).toBeUndefined();
        expect(recordIdOfKey({ ...prod, legacy: true }, account)).toBe(account);
    });
});
