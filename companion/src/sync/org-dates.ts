import type { Clock } from '../clock.ts';
import { createTtlCache } from '../ttl-cache.ts';
import type { ConnectionClients } from './clients.ts';
import { dateInZone } from './collections/overdue.ts';

/** The time zone of an organization changes rarely: its settings are read every 6 hours. */
const ZONE_TTL_MS = 6 * 3_600_000;

/**
 * Today's date as a Zoho organization sees it: due dates are calendar dates of the
 * organization's time zone (its settings' `time_zone`), so "past due" is decided there, not in UTC.
 */
export function createOrgDates(deps: { clock: Clock; clients: ConnectionClients }) {
    const zones = createTtlCache<string | undefined>({
        clock: deps.clock,
        ttlMs: ZONE_TTL_MS,
        load: async (key) => {
            const [connectionId = '', organizationId = ''] = key.split('\n');
            const zoho = await deps.clients.zoho(connectionId, organizationId);
            return (await zoho.organizations.get()).time_zone;
        }
    });
    return {
        async today(connectionId: string, organizationId: string): Promise<string> {
            const zone = await zones.get(`${connectionId}\n${organizationId}`);
            return dateInZone(deps.clock.now(), zone);
        }
    };
}
export type OrgDates = ReturnType<typeof createOrgDates>;
