import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { ZohoHttp, ZohoRequest } from '../http.ts';
import { recordCalls } from './record.ts';

const schema = z.object({ item: z.object({ item_id: z.string(), name: z.string() }) });
type Body = { name: string; custom_fields?: { api_name: string; value: unknown }[] };

/** A transport that records each request and answers `{ item }` with the given status. */
function recording(status: number) {
    const sent: ZohoRequest<z.ZodType>[] = [];
    const http: ZohoHttp = {
        send: async (req) => {
            sent.push(req);
            return { status, data: req.schema.parse({ item: { item_id: '7', name: 'Bolt' } }) };
        }
    };
    const calls = recordCalls<typeof schema, { item_id: string }, Body>(
        { http, priority: 'interactive' },
        '/items',
        schema,
        (d) => d.item
    );
    return { sent, calls };
}

describe('recordCalls', () => {
    it('gets and updates one record by id, answering the record out of its envelope', async () => {
        const { sent, calls } = recording(200);
        expect(await calls.get('7')).toEqual({ item_id: '7', name: 'Bolt' });
        await calls.update('7', { name: 'Nut' }, { priority: 'job' });
        expect(sent.map((r) => [r.method, r.path, r.body, r.priority])).toEqual([
            ['GET', '/items/7', undefined, 'interactive'],
            ['PUT', '/items/7', { name: 'Nut' }, 'job']
        ]);
    });

    it('upserts by the unique field: the key in the headers and in the body, created on 201', async () => {
        const created = recording(201);
        const first = await created.calls.upsert({
            key: 'cf_ref',
            value: 'R-1',
            body: { name: 'A' }
        });
        expect(first.created).toBe(true);
        expect(created.sent[0]).toMatchObject({
            method: 'PUT',
            path: '/items',
            headers: {
                'X-Unique-Identifier-Key': 'cf_ref',
                'X-Unique-Identifier-Value': 'R-1',
                'X-Upsert': 'true'
            },
            body: { name: 'A', custom_fields: [{ api_name: 'cf_ref', value: 'R-1' }] }
        });

        const found = recording(200);
        const again = await found.calls.upsert({
            key: 'cf_ref',
            value: 'R-1',
            storedValue: 'R-2',
            create: false,
            body: { name: 'A' }
        });
        expect(again).toEqual({ record: { item_id: '7', name: 'Bolt' }, created: false });
        expect(found.sent[0]?.headers).not.toHaveProperty('X-Upsert');
        expect(found.sent[0]?.body).toMatchObject({
            custom_fields: [{ api_name: 'cf_ref', value: 'R-2' }]
        });
    });
});
