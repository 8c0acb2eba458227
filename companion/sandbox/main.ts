// `npm run sandbox`: both simulators, standalone on loopback, for demos and outside checks.
// Prints their base URLs as one JSON line on stdout, e.g.
//   {"zoho":"http://127.0.0.1:41234","salesforce":"http://127.0.0.1:41235"}
// Options: --zoho-port N, --salesforce-port N (default: free ports). Stops on SIGTERM / SIGINT.
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

import { serve, type ServerType } from '@hono/node-server';

import { createSandboxClock } from './clock.ts';
import { createSalesforceSandbox } from './salesforce/salesforce-sandbox.ts';
import { createZohoSandbox } from './zoho/zoho-sandbox.ts';

const HOST = '127.0.0.1';

function port(value: string | undefined, flag: string): number {
    if (value === undefined) return 0;
    const n = Number(value);
    if (!/^\d{1,5}$/.test(value) || n > 65535) {
        process.stderr.write(`sandbox: ${flag} must be a port number (got "${value}")\n`);
        process.exit(1);
    }
    return n;
}

function listen(
    app: { fetch: (r: Request) => Response | Promise<Response> },
    at: number,
    name: string
) {
    return new Promise<{ server: ServerType; url: string }>((resolve) => {
        const server = serve({ fetch: app.fetch, port: at, hostname: HOST });
        server.once('error', (error: NodeJS.ErrnoException) => {
            process.stderr.write(
                `sandbox: cannot serve the ${name} simulator on ${HOST}:${at} (${error.code ?? error.message})\n`
            );
            process.exit(1);
        });
        server.once('listening', () => {
            const { port: actual } = server.address() as AddressInfo;
            resolve({ server, url: `http://${HOST}:${actual}` });
        });
    });
}

const { values } = parseArgs({
    options: { 'zoho-port': { type: 'string' }, 'salesforce-port': { type: 'string' } },
    strict: true
});
const clock = createSandboxClock();
const zoho = await listen(
    createZohoSandbox({ clock }).app,
    port(values['zoho-port'], '--zoho-port'),
    'Zoho'
);
const salesforce = await listen(
    createSalesforceSandbox({ clock }).app,
    port(values['salesforce-port'], '--salesforce-port'),
    'Salesforce'
);
process.stdout.write(`${JSON.stringify({ zoho: zoho.url, salesforce: salesforce.url })}\n`);

const stop = () => {
    for (const { server } of [zoho, salesforce]) {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close();
    }
    process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
