import { stringify } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

import { oasFolder, readOasExamples } from '../../../test/support/oas-examples.ts';
import { parseZohoJson } from '../json.ts';
import * as r from './responses.ts';

/**
 * Every example response Zoho documents (its OpenAPI files) for an operation the client calls
 * parses with the schema the client reads it with, read as the client reads a response
 * (big-int-safe, ids as strings). Zoho's files are read where they are kept, not copied into
 * the repository; without them the walk is skipped and says so. The documented quirks they
 * show are also pinned by our own bodies in `quirks.test.ts`, which always runs.
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

const folder = oasFolder();
const examples = folder
    ? (await readOasExamples(folder)).map((e) => ({
          ...e,
          example: parseZohoJson(stringify(e.example) ?? 'null')
      }))
    : [];
const title = folder
    ? "Zoho's documented example responses"
    : "Zoho's documented example responses (skipped: Zoho's OpenAPI files are not on this machine; set CLOSEBOOKS_ZOHO_OAS_DIR)";

describe.skipIf(!folder)(title, () => {
    it('cover every schema the test knows', () => {
        expect(new Set(examples.map((e) => e.schema))).toEqual(new Set(Object.keys(SCHEMAS)));
    });

    it.each(examples)('$operation ($file) parses', ({ schema, example }) => {
        const result = SCHEMAS[schema]!.safeParse(example);
        expect(result.success ? [] : result.error.issues).toEqual([]);
    });
});
