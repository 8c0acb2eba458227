import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { parseZohoJson } from '../json.ts';
import * as r from './responses.ts';

/**
 * Every example response Zoho documents (its OpenAPI files) for an operation the client calls
 * parses with the schema the client reads it with. The examples are copied into the fixture by
 * `node scripts/oas-examples.mjs <folder of the OAS files>`; the fixture is read as the client
 * reads a response (big-int-safe, ids as strings), since the examples write ids as numbers.
 */

const SCHEMAS: Record<string, z.ZodType> = {
    organizations: r.organizationsResponseSchema,
    organization: r.organizationResponseSchema,
    contacts: r.contactsResponseSchema,
    contact: r.contactResponseSchema,
    contactPerson: r.contactPersonResponseSchema,
    items: r.itemsResponseSchema,
    item: r.itemResponseSchema,
    taxes: r.taxesResponseSchema,
    taxGroup: r.taxGroupResponseSchema,
    currencies: r.currenciesResponseSchema,
    exchangeRates: r.exchangeRatesResponseSchema,
    invoices: r.invoicesResponseSchema,
    invoice: r.invoiceResponseSchema,
    action: r.actionResponseSchema,
    payments: r.paymentsResponseSchema,
    payment: r.paymentResponseSchema,
    creditNotes: r.creditNotesResponseSchema
};

type Example = { file: string; operation: string; schema: string; example: unknown };

const fixture = new URL('./__fixtures__/oas-examples.json', import.meta.url);
const examples = parseZohoJson(await readFile(fixture, 'utf8')) as Example[];

describe("Zoho's documented example responses", () => {
    it('cover every schema the test knows', () => {
        expect(new Set(examples.map((e) => e.schema))).toEqual(new Set(Object.keys(SCHEMAS)));
    });

    it.each(examples)('$operation ($file) parses', ({ schema, example }) => {
        const result = SCHEMAS[schema]!.safeParse(example);
        expect(result.success ? [] : result.error.issues).toEqual([]);
    });
});
