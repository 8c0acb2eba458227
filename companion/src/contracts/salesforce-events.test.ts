import { readdir, readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { CONTRACT_FILE, renderContract } from '../../../scripts/export-contracts.ts';
import { salesforceEventBatchSchema, type SalesforceEventBatch } from './salesforce-events.ts';

const FIXTURES = new URL('../../../config/contracts/fixtures/', import.meta.url);

async function fixture(name: string): Promise<SalesforceEventBatch> {
    return JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8'));
}

describe('salesforce event contract', () => {
    it('matches the JSON Schema committed in config/contracts (run `npm run contracts` after a change)', async () => {
        expect(await readFile(CONTRACT_FILE, 'utf8')).toBe(await renderContract());
    });

    it('accepts every committed fixture', async () => {
        const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'));
        expect(files.length).toBeGreaterThan(0);
        for (const file of files) {
            const parsed = salesforceEventBatchSchema.safeParse(await fixture(file));
            expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
        }
    });

    it.each([
        {
            name: 'an unknown contract version',
            change: (b: SalesforceEventBatch) => ({ ...b, contractVersion: 2 })
        },
        {
            name: 'a 15-character id',
            change: (b: SalesforceEventBatch) => ({ ...b, orgId: '00D5g000004ABCD' })
        },
        { name: 'no events', change: (b: SalesforceEventBatch) => ({ ...b, events: [] }) },
        {
            name: '201 events',
            change: (b: SalesforceEventBatch) => ({
                ...b,
                events: Array.from({ length: 201 }, () => b.events[0])
            })
        },
        {
            name: 'an unknown event type',
            change: (b: SalesforceEventBatch) => ({
                ...b,
                events: [{ ...b.events[0], type: 'opportunity.lost' }]
            })
        },
        {
            name: 'a field the contract does not define',
            change: (b: SalesforceEventBatch) => ({
                ...b,
                events: [{ ...b.events[0], amount: 10 }]
            })
        },
        {
            name: 'a local time without zone',
            change: (b: SalesforceEventBatch) => ({ ...b, sentAt: '2026-11-25T14:03:07' })
        }
    ])('rejects $name', async ({ change }) => {
        expect(
            salesforceEventBatchSchema.safeParse(change(await fixture('opportunity-won.v1.json')))
                .success
        ).toBe(false);
    });
});
