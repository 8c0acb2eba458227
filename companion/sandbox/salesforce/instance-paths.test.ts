import { describe, expect, it } from 'vitest';

import { createSandboxClock } from '../clock.ts';
import { createSalesforceSandbox } from './salesforce-sandbox.ts';

const sandbox = createSalesforceSandbox({
    clock: createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 })
});
const credentials = sandbox.createOrg({ name: 'Paths Org' });
const get = (path: string) =>
    sandbox.app.request(path, { headers: { authorization: `Bearer ${credentials.access_token}` } });

describe('the instance as clients address it', () => {
    it('serves //services/data/… as /services/data/… (an instance URL ending in a slash)', async () => {
        const versions = await get('//services/data');
        expect(versions.status).toBe(200);
        expect(await versions.json()).toContainEqual(expect.objectContaining({ version: '67.0' }));
        const soql = encodeURIComponent('SELECT Name FROM Organization');
        const res = await get(`//services/data/v67.0/query?q=${soql}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ records: [{ Name: 'Paths Org' }] });
    });

    it('has the Organization fields the sf CLI reads, for a Developer Edition org', async () => {
        const soql = encodeURIComponent(
            'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization'
        );
        const res = await get(`/services/data/v67.0/query?q=${soql}`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { records: unknown[] }).records[0]).toMatchObject({
            Name: 'Paths Org',
            IsSandbox: false,
            OrganizationType: 'Developer Edition',
            TrialExpirationDate: null,
            NamespacePrefix: null
        });
    });
});
