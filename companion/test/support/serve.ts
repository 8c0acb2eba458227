import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';

type Fetchable = { fetch: (request: Request) => Response | Promise<Response> };

/**
 * Serves a Hono app on a free loopback port for clients that need a real socket (jsforce,
 * spawned processes). Always `await close()` in `afterAll`.
 */
export async function listen(app: Fetchable): Promise<{ url: string; close: () => Promise<void> }> {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
            new Promise<void>((resolve, reject) => {
                if ('closeAllConnections' in server) server.closeAllConnections();
                server.close((error) => (error ? reject(error) : resolve()));
            })
    };
}
