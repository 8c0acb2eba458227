// Writes the documented example responses of the Books operations the companion calls, taken
// from Zoho's OpenAPI files, to companion/src/zoho/schemas/__fixtures__/oas-examples.json, so the
// schema test runs on a clean clone. Zoho renders an operation's example from the `example` of
// each property of its response schema; this does the same.
// Usage: node scripts/oas-examples.mjs <folder of Zoho's .yml files, e.g. shared/reference/zoho-books-oas>
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { parse } from 'yaml';

import { TOOLS_ROOT } from './lib/project.mjs';

const OPERATIONS = [
    ['organizations.yml', 'get', '/organizations', 'organizations'],
    ['organizations.yml', 'get', '/organizations/{organization_id}', 'organization'],
    ['contacts.yml', 'post', '/contacts', 'contact'],
    ['contacts.yml', 'get', '/contacts', 'contacts'],
    ['contacts.yml', 'put', '/contacts', 'contact'],
    ['contacts.yml', 'get', '/contacts/{contact_id}', 'contact'],
    ['contacts.yml', 'put', '/contacts/{contact_id}', 'contact'],
    ['contact-persons.yml', 'post', '/contacts/contactpersons', 'contactPerson'],
    ['contact-persons.yml', 'put', '/contacts/contactpersons/{contact_person_id}', 'contactPerson'],
    ['items.yml', 'post', '/items', 'item'],
    ['items.yml', 'get', '/items', 'items'],
    ['taxes.yml', 'get', '/settings/taxes', 'taxes'],
    ['taxes.yml', 'get', '/settings/taxgroups/{tax_group_id}', 'taxGroup'],
    ['currency.yml', 'get', '/settings/currencies', 'currencies'],
    ['currency.yml', 'get', '/settings/currencies/{currency_id}/exchangerates', 'exchangeRates'],
    ['invoices.yml', 'post', '/invoices', 'invoice'],
    ['invoices.yml', 'get', '/invoices', 'invoices'],
    ['invoices.yml', 'put', '/invoices', 'invoice'],
    ['invoices.yml', 'get', '/invoices/{invoice_id}', 'invoice'],
    ['invoices.yml', 'put', '/invoices/{invoice_id}', 'invoice'],
    ['invoices.yml', 'post', '/invoices/{invoice_id}/status/sent', 'action'],
    ['invoices.yml', 'post', '/invoices/{invoice_id}/status/void', 'action'],
    ['invoices.yml', 'post', '/invoices/{invoice_id}/status/draft', 'action'],
    ['customer-payments.yml', 'get', '/customerpayments', 'payments'],
    ['customer-payments.yml', 'get', '/customerpayments/{payment_id}', 'payment'],
    ['credit-notes.yml', 'get', '/creditnotes', 'creditNotes']
];

if (!process.argv[2])
    throw new Error('usage: node scripts/oas-examples.mjs <folder of the OAS files>');
const folder = path.resolve(process.argv[2]);
const out = path.join(TOOLS_ROOT, 'companion/src/zoho/schemas/__fixtures__/oas-examples.json');

function resolve(doc, node) {
    let current = node;
    for (let hops = 0; current?.$ref; hops++) {
        if (hops > 20 || !current.$ref.startsWith('#/'))
            throw new Error(`bad $ref ${current.$ref}`);
        current = current.$ref
            .slice(2)
            .split('/')
            .reduce((at, key) => at?.[key], doc);
    }
    return current;
}

/** The example Zoho documents for a schema: its own `example`, else one built from its parts. */
function exampleOf(doc, node, depth = 0) {
    const schema = resolve(doc, node);
    if (!schema || depth > 12) return undefined;
    if (schema.example !== undefined) return schema.example;
    if (schema.allOf) {
        const parts = schema.allOf.map((part) => exampleOf(doc, part, depth + 1));
        return Object.assign({}, ...parts.filter((p) => p && typeof p === 'object'));
    }
    if (schema.type === 'array' || schema.items) {
        const item = exampleOf(doc, schema.items, depth + 1);
        return item === undefined ? [] : [item];
    }
    if (schema.properties) {
        const entries = Object.entries(schema.properties)
            .map(([key, value]) => [key, exampleOf(doc, value, depth + 1)])
            .filter(([, value]) => value !== undefined);
        return Object.fromEntries(entries);
    }
    return undefined;
}

const docs = new Map();
const examples = [];
for (const [file, method, route, schema] of OPERATIONS) {
    if (!docs.has(file)) docs.set(file, parse(await readFile(path.join(folder, file), 'utf8')));
    const doc = docs.get(file);
    const operation = doc.paths?.[route]?.[method];
    if (!operation) throw new Error(`${file} has no ${method.toUpperCase()} ${route}`);
    const [status, response] = Object.entries(operation.responses).find(([code]) =>
        code.startsWith('2')
    );
    const body = response.content?.['application/json']?.schema;
    examples.push({
        file,
        operation: `${method.toUpperCase()} ${route}`,
        status: Number(status),
        schema,
        example: exampleOf(doc, body)
    });
}
await writeFile(out, `${JSON.stringify(examples, null, 4)}\n`);
console.log(`wrote ${examples.length} examples to ${path.relative(TOOLS_ROOT, out)}`);
