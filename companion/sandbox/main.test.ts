import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run sandbox', () => {
    it('prints both simulators as one JSON line, and their /_sandbox/orgs credentials work', async () => {
        const child = spawn('npm', ['run', '--silent', 'sandbox'], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        const exited = new Promise<number | null>((resolve) =>
            child.on('exit', (code) => resolve(code))
        );
        try {
            const line = await new Promise<string>((resolve, reject) => {
                let out = '';
                child.stdout.on('data', (d) => {
                    out += d;
                    if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
                });
                child.once('exit', () =>
                    reject(new Error(`sandbox exited before printing its URLs: ${out}`))
                );
            });
            const urls = JSON.parse(line) as { zoho: string; salesforce: string };
            expect(Object.keys(urls).sort()).toEqual(['salesforce', 'zoho']);

            const zoho = await (
                await fetch(`${urls.zoho}/_sandbox/orgs`, { method: 'POST' })
            ).json();
            const orgs = await fetch(`${zoho.api_domain}/books/v3/organizations`, {
                headers: { authorization: `Zoho-oauthtoken ${zoho.access_token}` }
            });
            expect(orgs.status).toBe(200);
            expect((await orgs.json()).organizations[0].organization_id).toBe(zoho.organization_id);

            const sf = await (
                await fetch(`${urls.salesforce}/_sandbox/orgs`, { method: 'POST' })
            ).json();
            const limits = await fetch(`${sf.instance_url}/services/data/v65.0/limits`, {
                headers: { authorization: `Bearer ${sf.access_token}` }
            });
            expect(limits.status).toBe(200);
            expect((await limits.json()).DailyApiRequests.Max).toBeGreaterThan(0);
        } finally {
            child.kill('SIGTERM');
        }
        expect(await exited).toBe(0);
    });
});
