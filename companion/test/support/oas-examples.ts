import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

/**
 * The documented example responses of the Books operations the companion calls, built from
 * Zoho's OpenAPI files the way Zoho renders them (an operation's example is assembled from the
 * `example` of each property of its response schema). The files are Zoho's documentation: they
 * are read where they are kept (`CLOSEBOOKS_ZOHO_OAS_DIR`, else the reference folder beside the
 * repository), never copied into it.
 */

/** [file, method, path, the schema the client reads the response with] */
const OPERATIONS: ReadonlyArray<readonly [string, string, string, string]> = [
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

export type OasExample = { file: string; operation: string; schema: string; example: unknown };

type Node = { [key: string]: unknown };

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where Zoho's OpenAPI files are on this machine, or undefined when they are not here. */
export function oasFolder(): string | undefined {
    const folder =
        process.env.CLOSEBOOKS_ZOHO_OAS_DIR ??
        path.resolve(REPOSITORY, '../shared/reference/zoho-books-oas');
    return existsSync(path.join(folder, 'invoices.yml')) ? folder : undefined;
}

function resolve(doc: Node, node: unknown): Node | undefined {
    let current = node as Node | undefined;
    for (let hops = 0; typeof current?.$ref === 'string'; hops++) {
        const ref = current.$ref as string;
        if (hops > 20 || !ref.startsWith('#/')) throw new Error(`bad $ref ${ref}`);
        current = ref
            .slice(2)
            .split('/')
            .reduce<unknown>((at, key) => (at as Node | undefined)?.[key], doc) as Node;
    }
    return current;
}

/** The example Zoho documents for a schema: its own `example`, else one built from its parts. */
function exampleOf(doc: Node, node: unknown, depth = 0): unknown {
    const schema = resolve(doc, node);
    if (!schema || depth > 12) return undefined;
    if (schema.example !== undefined) return schema.example;
    if (Array.isArray(schema.allOf)) {
        const parts = schema.allOf.map((part) => exampleOf(doc, part, depth + 1));
        return Object.assign({}, ...parts.filter((p) => p !== null && typeof p === 'object'));
    }
    if (schema.type === 'array' || schema.items) {
        const item = exampleOf(doc, schema.items, depth + 1);
        return item === undefined ? [] : [item];
    }
    if (schema.properties && typeof schema.properties === 'object') {
        const entries = Object.entries(schema.properties as Node)
            .map(([key, value]) => [key, exampleOf(doc, value, depth + 1)] as const)
            .filter(([, value]) => value !== undefined);
        return Object.fromEntries(entries);
    }
    return undefined;
}

/**
 * Every documented example response of the operations above, read from `folder`. Integers stay
 * exact (19-digit ids are written as bare numbers in the examples), so the caller can hand the
 * example to the client's own big-int-safe JSON reader as Zoho's text would reach it.
 */
export async function readOasExamples(folder: string): Promise<OasExample[]> {
    const docs = new Map<string, Node>();
    const examples: OasExample[] = [];
    for (const [file, method, route, schema] of OPERATIONS) {
        if (!docs.has(file))
            docs.set(
                file,
                parse(await readFile(path.join(folder, file), 'utf8'), {
                    intAsBigInt: true
                }) as Node
            );
        const doc = docs.get(file)!;
        const operation = ((doc.paths as Node | undefined)?.[route] as Node | undefined)?.[
            method
        ] as Node | undefined;
        if (!operation) throw new Error(`${file} has no ${method.toUpperCase()} ${route}`);
        const response = Object.entries(operation.responses as Node).find(([code]) =>
            code.startsWith('2')
        )?.[1] as Node | undefined;
        const content = response?.content as Node | undefined;
        const body = (content?.['application/json'] as Node | undefined)?.schema;
        examples.push({
            file,
            operation: `${method.toUpperCase()} ${route}`,
            schema,
            example: exampleOf(doc, body)
        });
    }
    return examples;
}
