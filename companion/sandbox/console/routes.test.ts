import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { createSalesforceSandbox } from '../salesforce/salesforce-sandbox.ts';
import { consoleRoutes } from './routes.ts';
import type { zohoBooks } from './zoho-books.ts';

function consoleApp() {
    const salesforce = createSalesforceSandbox();
    const { org_id: orgId } = salesforce.createOrg({ name: 'Console' });
    const app = consoleRoutes({
        apex: {
            salesforce,
            orgId,
            username: 'nobody@console.test',
            labels: new Map(),
            now: () => Date.parse('2026-03-01T00:00:00Z'),
            fetch
        },
        zoho: {} as ReturnType<typeof zohoBooks>,
        bundle: { ready: () => Promise.reject(new Error('not built in this test')), cached: false },
        log: pino({ level: 'silent' })
    });
    return { salesforce, orgId, app };
}

describe('the console routes', () => {
    it('streams each new platform event of the asked channel to empApi, as server-sent events', async () => {
        const { salesforce, orgId, app } = consoleApp();
        const res = await app.request('/api/events?channel=/event/Closebooks_Sync__e');
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        const reader = res.body!.getReader();
        const org = salesforce.org(orgId);
        const prefix = org.schema.namespace ? `${org.schema.namespace}__` : '';
        org.bus.publish(`${prefix}Other__e`, { Ignored__c: true });
        org.bus.publish(`${prefix}Closebooks_Sync__e`, { [`${prefix}Record_Id__c`]: '006A' });
        const { value } = await reader.read();
        await reader.cancel();
        const text = new TextDecoder().decode(value);
        const data = JSON.parse(/^data: (.*)$/m.exec(text)![1]!) as Record<string, unknown>;
        // Local names, as the schema stand-in gives the component; no event name on the SSE
        // message, so EventSource's `message` listener receives it.
        expect(data).toMatchObject({
            channel: '/event/Closebooks_Sync__e',
            payload: { Record_Id__c: '006A' }
        });
        expect(text).not.toMatch(/^event:/m);
    });

    it('answers an Apex method it does not simulate as Aura does a failed action: HTTP 200, the error inside', async () => {
        const { app } = consoleApp();
        const res = await app.request('/apex/ClosebooksSetupController.saveSettings', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}'
        });
        // A non-2xx answer would be a console error in the browser; the platform's Aura endpoint
        // answers 200 with the action in state ERROR.
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
            error: {
                status: 404,
                message:
                    'ClosebooksSetupController.saveSettings is not simulated in the sandbox console.'
            }
        });
    });

    it('serves record pages for Account and Opportunity only', async () => {
        const { app } = consoleApp();
        expect((await app.request('/api/records/User/005000000000000AAA')).status).toBe(400);
        expect((await app.request('/api/records/Account/001000000000000AAA')).status).toBe(404);
    });

    it('serves SLDS assets and nothing outside them', async () => {
        const { app } = consoleApp();
        const css = await app.request('/assets/styles/salesforce-lightning-design-system.min.css');
        expect(css.status).toBe(200);
        expect(css.headers.get('content-type')).toMatch(/text\/css/);
        expect((await app.request('/assets/..%2F..%2F..%2Fpackage.json')).status).toBe(404);
    });
});
