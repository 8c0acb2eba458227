import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';

import { addZohoOrganization } from '../../store/connections.ts';
import { freshStore } from '../../../test/support/store-fixture.ts';
import { testBackend, useTestDb } from '../../../test/support/test-db.ts';
import { zohoHarness, type ZohoHarness } from '../../../test/support/zoho-client.ts';
import type { FlowSettingsCache } from '../flow-settings.ts';
import { getSweepCursor } from '../../store/mirror-state.ts';
import { createPaymentSweep, parseZohoTime } from './sweep.ts';
import type { SyncOutcome, SyncRequest } from './sync.ts';

/**
 * The payment sweep over a ledger of many pages, against the Zoho simulator: it syncs as it
 * reads (a page and a batch in memory, not the list), and an invoice modified while it works
 * costs no other invoice its turn.
 */

const INVOICES = 450;
const TODAY = '2026-11-10';

type Synced = { ids: string[]; listsRead: number };

async function ledger(h: ZohoHarness, count: number): Promise<string[]> {
    const customer = await h.client.contacts.create({
        contact_name: 'Ledger Customer',
        contact_type: 'customer'
    });
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
        const invoice = await h.client.invoices.create({
            customer_id: customer.contact_id,
            date: '2026-11-02',
            due_date: '2026-12-02',
            line_items: [{ name: `Line ${n}`, rate: 100 + n, quantity: 1 }]
        });
        ids.push(invoice.invoice_id);
    }
    return ids;
}

describe(`payment sweep over many pages (${testBackend})`, () => {
    const t = useTestDb();
    let connectionId = '';
    let h: ZohoHarness;

    beforeEach(async () => {
        ({ Acme: connectionId } = await freshStore(t, { Acme: '00D000000000000AAA' }));
        h = await joined(zohoHarness());
    });

    /** The harness's Zoho organization joined to the connection, as the sweep finds it. */
    async function joined(harness: ZohoHarness): Promise<ZohoHarness> {
        await addZohoOrganization(t.db, {
            connectionId,
            organizationId: harness.creds.organization_id,
            region: harness.ref.region
        });
        return harness;
    }

    /** A sweep whose sync records each batch, and runs `during` at its first call. */
    function sweepOf(during: () => Promise<void> = async () => undefined) {
        const synced: Synced[] = [];
        const invoiceLists = () =>
            h.requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/invoices'))
                .length;
        const sweep = createPaymentSweep({
            db: t.db,
            clock: h.clock,
            log: pino({ level: 'silent' }),
            clients: {
                zoho: async () => Object.assign(h.client, { region: 'us' as const }),
                salesforce: async () => {
                    throw new Error('the sweep does not call Salesforce itself');
                }
            },
            sync: {
                today: async () => TODAY,
                async sync(input: SyncRequest): Promise<SyncOutcome> {
                    synced.push({
                        ids: input.invoices.map((i) => (typeof i === 'string' ? i : i.invoice_id)),
                        listsRead: invoiceLists()
                    });
                    if (synced.length === 1) await during();
                    return { written: [], unlinkedCustomers: [] };
                }
            },
            settings: {} as FlowSettingsCache,
            options: { firstLookbackMs: 30 * 86_400_000, batch: 50 }
        });
        const run = () =>
            sweep.run(connectionId, { actor: 'test', correlationId: null }) as Promise<
                { modified: number }[]
            >;
        return { synced, run };
    }

    it('syncs each page of modified invoices before it reads the next', async () => {
        const ids = await ledger(h, INVOICES);
        const { synced, run } = sweepOf();

        const [result] = await run();

        const all = synced.flatMap((s) => s.ids);
        expect(result?.modified).toBe(INVOICES);
        expect(new Set(all).size).toBe(INVOICES);
        expect(all.toSorted()).toEqual(ids.toSorted());
        // The first batch went out after one page was read, not after the whole list.
        expect(synced[0]?.listsRead).toBe(1);
        expect(synced.every((s) => s.ids.length <= 50)).toBe(true);
    });

    it('still sweeps every invoice when one it already read is modified mid-sweep', async () => {
        const ids = await ledger(h, INVOICES);
        let touched = '';
        const { synced, run } = sweepOf(async () => {
            // An invoice of the first page changes: it moves to the end of the list.
            touched = synced[0]!.ids[3]!;
            await h.client.invoices.update(touched, { reference_number: 'changed mid-sweep' });
        });

        await run();

        const all = synced.flatMap((s) => s.ids);
        expect(new Set(all)).toEqual(new Set(ids));
        // Read again after its change; every other invoice exactly once.
        expect(all.filter((id) => id === touched)).toHaveLength(2);
        expect(all).toHaveLength(INVOICES + 1);
    });

    it('goes on past a page of invoices all modified in the same second', async () => {
        h = await joined(zohoHarness({ scale: 0, limits: { requestsPerMinute: 100_000 } }));
        const ids = await ledger(h, INVOICES);
        const { synced, run } = sweepOf();

        await run();

        expect(synced.flatMap((s) => s.ids).toSorted()).toEqual(ids.toSorted());
    });

    it('moves its cursor to the latest modified time read, past rows that carry none', async () => {
        await ledger(h, 5);
        const list = h.client.invoices.list;
        // A row without `last_modified_time` (Zoho's own examples leave fields out of rows).
        h.client.invoices.list = async (...args) => {
            const page = await list(...args);
            return {
                ...page,
                rows: page.rows.map((row, i) =>
                    i === 0 ? { ...row, last_modified_time: undefined } : row
                )
            };
        };
        const { synced, run } = sweepOf();

        await run();

        expect(synced.flatMap((s) => s.ids)).toHaveLength(5);
        const cursor = await getSweepCursor(t.db, {
            connectionId,
            zohoOrganizationId: h.creds.organization_id,
            sweep: 'invoices'
        });
        const times = (await list({}, 1)).rows.map((r) => parseZohoTime(r.last_modified_time));
        expect(cursor?.cursorMs).toBe(Math.max(...times));
    });
});
