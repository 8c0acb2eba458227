import { describe, expect, it } from 'vitest';

import type { ConnectionClients, RegionalZohoClient } from './clients.ts';
import { createOrgDates } from './org-dates.ts';

/** Clients whose Zoho organization answers `time_zone`, counting the settings reads. */
function clientsWithZone(timeZone: string | undefined) {
    const reads = { n: 0 };
    const zoho = {
        organizations: {
            get: () => {
                reads.n++;
                return Promise.resolve({ time_zone: timeZone });
            }
        }
    } as unknown as RegionalZohoClient;
    const clients = {
        zoho: () => Promise.resolve(zoho),
        salesforce: () => Promise.reject(new Error('not used'))
    } as unknown as ConnectionClients;
    return { clients, reads };
}

describe('createOrgDates', () => {
    it("answers today in the organization's time zone and reads the settings once", async () => {
        let now = Date.UTC(2026, 11, 4, 20, 0);
        const { clients, reads } = clientsWithZone('Asia/Kolkata');
        const dates = createOrgDates({
            clock: { now: () => now, sleep: () => Promise.resolve() },
            clients
        });
        // 20:00 UTC is 01:30 the next day in Kolkata.
        expect(await dates.today('c1', '1001')).toBe('2026-12-05');
        now = Date.UTC(2026, 11, 4, 22, 0);
        expect(await dates.today('c1', '1001')).toBe('2026-12-05');
        expect(reads.n).toBe(1);
    });

    it('answers the UTC date when the organization names no zone', async () => {
        const { clients } = clientsWithZone(undefined);
        const dates = createOrgDates({
            clock: { now: () => Date.UTC(2026, 11, 4, 20), sleep: () => Promise.resolve() },
            clients
        });
        expect(await dates.today('c1', '1001')).toBe('2026-12-04');
    });
});
