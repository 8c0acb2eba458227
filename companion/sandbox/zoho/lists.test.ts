import { beforeEach, describe, expect, it } from 'vitest';

import {
    contactsResponseSchema,
    invoicesResponseSchema
} from '../../src/zoho/schemas/responses.ts';
import { createSandboxClock, type SandboxClock } from '../clock.ts';
import { booksClient } from './test-client.ts';
import { createZohoSandbox } from './zoho-sandbox.ts';

const START = Date.UTC(2026, 0, 15, 12);

async function setUp() {
    const clock = createSandboxClock({ startAt: START, scale: 0 });
    const sandbox = createZohoSandbox({ clock, limits: { accessTokenTtlMs: 86_400_000 } });
    const creds = sandbox.createOrg();
    const zoho = booksClient(sandbox, creds);
    const names = ['Zeta Corp', 'alpha GmbH', 'Bowman and Co', 'Mid Ltd'];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
        clock.advance(60_000);
        const res = await zoho.post('/contacts', {
            contact_name: name,
            contact_persons: [
                { first_name: 'P', email: `p${i}@${name.split(' ')[0]?.toLowerCase()}.example` }
            ],
            notes: i === 3 ? 'prefers email' : undefined
        });
        ids.push((res.body.contact as { contact_id: string }).contact_id);
    }
    return { sandbox, clock, zoho, ids };
}

describe('zoho sandbox lists', () => {
    let t: Awaited<ReturnType<typeof setUp>>;
    let clock: SandboxClock;
    beforeEach(async () => {
        t = await setUp();
        clock = t.clock;
    });

    const contactNames = async (query: Record<string, string>) =>
        contactsResponseSchema
            .parse((await t.zoho.get('/contacts', { query })).body)
            .contacts.map((c) => c.contact_name);

    it.each([
        {
            name: 'default sort is contact_name ascending',
            query: {},
            want: ['alpha GmbH', 'Bowman and Co', 'Mid Ltd', 'Zeta Corp']
        },
        {
            name: 'sort descending by created_time',
            query: { sort_column: 'created_time', sort_order: 'D' },
            want: ['Mid Ltd', 'Bowman and Co', 'alpha GmbH', 'Zeta Corp']
        },
        {
            name: 'contact_name_startswith',
            query: { contact_name_startswith: 'b' },
            want: ['Bowman and Co']
        },
        {
            name: 'contact_name_contains',
            query: { contact_name_contains: 'CO' },
            want: ['Bowman and Co', 'Zeta Corp']
        },
        {
            name: 'email of the primary person',
            query: { email: 'p1@alpha.example' },
            want: ['alpha GmbH']
        },
        { name: 'search_text matches notes', query: { search_text: 'prefers' }, want: ['Mid Ltd'] }
    ] as { name: string; query: Record<string, string>; want: string[] }[])(
        'filters contacts: $name',
        async ({ query, want }) => {
            expect(await contactNames(query)).toEqual(want);
        }
    );

    it('filters contacts modified after last_modified_time, with the offset URL-encoded', async () => {
        clock.advance(60_000);
        await t.zoho.put(`/contacts/${t.ids[0]}`, {
            contact_name: 'Zeta Corp',
            contact_type: 'customer'
        });
        // Contacts were created at START + 1..4 min; the update happened at START + 5 min.
        expect(await contactNames({ last_modified_time: '2026-01-15T12:03:30+0000' })).toEqual([
            'Mid Ltd',
            'Zeta Corp'
        ]);
        expect(await contactNames({ last_modified_time: '2026-01-15T17:33:30+0530' })).toEqual([
            'Mid Ltd',
            'Zeta Corp'
        ]);
        // An unencoded '+' arrives as a space: Zoho refuses it.
        const res = await t.zoho.get('/contacts', {
            query: { last_modified_time: '2026-01-15T12:03:30 0000' }
        });
        expect(res).toMatchObject({ status: 400, body: { code: 2 } });
    });

    it('pages with page, per_page and page_context, capping per_page at 200', async () => {
        const page = async (p: string, perPage: string) =>
            contactsResponseSchema.parse(
                (await t.zoho.get('/contacts', { query: { page: p, per_page: perPage } })).body
            );
        const first = await page('1', '3');
        expect(first.contacts).toHaveLength(3);
        expect(first.page_context).toMatchObject({
            page: 1,
            per_page: 3,
            has_more_page: true,
            sort_column: 'contact_name'
        });
        const second = await page('2', '3');
        expect(second.contacts.map((c) => c.contact_name)).toEqual(['Zeta Corp']);
        expect(second.page_context?.has_more_page).toBe(false);
        expect((await page('1', '500')).page_context?.per_page).toBe(200);
        expect((await t.zoho.get('/contacts', { query: { page: '0' } })).body.code).toBe(2);
        expect(
            (await t.zoho.get('/contacts', { query: { sort_column: 'shoe_size' } })).body.code
        ).toBe(2);
        expect(
            (await t.zoho.get('/contacts', { query: { filter_by: 'Status.Nope' } })).body.code
        ).toBe(2);
    });

    it('filters invoices by status, reference_number, customer, search_text and dates', async () => {
        const create = async (customer: number, reference: string, date: string) => {
            const res = await t.zoho.post('/invoices', {
                customer_id: t.ids[customer],
                reference_number: reference,
                date,
                payment_terms: 5,
                line_items: [{ name: 'x', rate: 100 }]
            });
            return (res.body.invoice as { invoice_id: string }).invoice_id;
        };
        const a = await create(0, 'SF-001', '2026-01-01');
        await create(1, 'SF-002', '2026-01-10');
        const c = await create(2, 'OTHER-3', '2026-01-14');
        await t.zoho.post(`/invoices/${a}/status/sent`);
        await t.zoho.post(`/invoices/${c}/status/sent`);
        const refs = async (query: Record<string, string>) =>
            invoicesResponseSchema
                .parse(
                    (
                        await t.zoho.get('/invoices', {
                            query: { sort_column: 'date', sort_order: 'A', ...query }
                        })
                    ).body
                )
                .invoices.map((i) => i.reference_number);
        expect(await refs({ status: 'overdue' })).toEqual(['SF-001']);
        expect(await refs({ filter_by: 'Status.Draft' })).toEqual(['SF-002']);
        expect(await refs({ status: 'unpaid' })).toEqual(['SF-001', 'OTHER-3']);
        expect(await refs({ reference_number: 'SF-002' })).toEqual(['SF-002']);
        expect(await refs({ reference_number_startswith: 'SF' })).toEqual(['SF-001', 'SF-002']);
        expect(await refs({ customer_id: t.ids[2] ?? '' })).toEqual(['OTHER-3']);
        expect(await refs({ email: 'p1@alpha.example' })).toEqual(['SF-002']);
        expect(await refs({ search_text: 'bowman' })).toEqual(['OTHER-3']);
        expect(await refs({ date_start: '2026-01-10', date_end: '2026-01-14' })).toEqual([
            'SF-002',
            'OTHER-3'
        ]);
        expect(await refs({ due_date_before: '2026-01-10' })).toEqual(['SF-001']);
        expect(await refs({ sort_column: 'date', sort_order: 'D' })).toEqual([
            'OTHER-3',
            'SF-002',
            'SF-001'
        ]);
        expect((await t.zoho.get('/invoices', { query: { status: 'lost' } })).body.code).toBe(2);
    });
});
