import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../clock.ts';
import { createSalesforceSandbox } from '../salesforce-sandbox.ts';

/**
 * A parent's child relationship pages on its own, as an org's does: `done: false` and a
 * `nextRecordsUrl` of its own once the children pass a page, and moving the parent's cursor on
 * invalidates the child cursors of the page before (SOQL reference, "Understanding Query
 * Results"; SOAP API, queryMore()).
 */
const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 });
const sandbox = createSalesforceSandbox({ clock, queryBatchSize: 2 });
let token = '';

type Page = {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: Array<Record<string, unknown>>;
};

async function get(path: string): Promise<{ status: number; body: unknown }> {
    const res = await sandbox.app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
}

const query = (soql: string) =>
    get(`/services/data/v65.0/query?q=${encodeURIComponent(soql)}`).then((r) => r.body as Page);

beforeAll(() => {
    const credentials = sandbox.createOrg();
    token = credentials.access_token;
    const contacts = (account: string, n: number) =>
        Array.from({ length: n }, (_, i) => ({
            object: 'Contact',
            fields: {
                LastName: `${account}-${String(i).padStart(4, '0')}`,
                AccountId: { ref: account }
            }
        }));
    sandbox.seed(credentials.org_id, {
        records: [
            { object: 'Account', ref: 'a', fields: { Name: 'A' } },
            { object: 'Account', ref: 'b', fields: { Name: 'B' } },
            { object: 'Account', ref: 'c', fields: { Name: 'C' } },
            ...contacts('a', 450),
            ...contacts('b', 3),
            ...contacts('c', 201)
        ]
    });
});

const SOQL =
    'SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account ORDER BY Name';

describe('child relationship paging', () => {
    it('sends the first 200 children with their own locator, and serves the rest page by page', async () => {
        const page = await query(SOQL);
        expect(page.done).toBe(false);
        const a = page.records[0]!.Contacts as Page;
        expect(a).toMatchObject({ totalSize: 450, done: false });
        expect(a.records).toHaveLength(200);
        expect(a.nextRecordsUrl).toMatch(/^\/services\/data\/v65\.0\/query\/01g[A-Za-z0-9]+-200$/);
        const b = page.records[1]!.Contacts as Page;
        expect(b).toEqual(expect.objectContaining({ totalSize: 3, done: true }));
        expect(b.nextRecordsUrl).toBeUndefined();

        const names: unknown[] = a.records.map((r) => r.LastName);
        let next = a.nextRecordsUrl;
        while (next) {
            const more = (await get(next)).body as Page;
            names.push(...more.records.map((r) => r.LastName));
            next = more.done ? undefined : more.nextRecordsUrl;
        }
        expect(names).toHaveLength(450);
        expect(new Set(names).size).toBe(450);
        expect(names.at(-1)).toBe('a-0449');
    });

    it("invalidates a page's child cursors when the parent cursor moves on", async () => {
        const page = await query(SOQL);
        const childUrl = (page.records[0]!.Contacts as Page).nextRecordsUrl!;
        const second = (await get(page.nextRecordsUrl!)).body as Page;
        expect((second.records[0]!.Contacts as Page).totalSize).toBe(201);
        expect((second.records[0]!.Contacts as Page).done).toBe(false);
        const stale = await get(childUrl);
        expect(stale.status).toBe(400);
        expect(stale.body).toEqual([
            expect.objectContaining({ errorCode: 'INVALID_QUERY_LOCATOR' })
        ]);
    });
});
