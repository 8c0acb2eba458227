import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses a request body over `maxSize` bytes, as hono's `bodyLimit` does, without its cost on a
 * request that declares its length. `bodyLimit` first looks at `c.req.raw.body`, which on
 * @hono/node-server turns the light request into a full fetch `Request` with a web stream over
 * the socket (an abort signal, a `ReadableStream`, a transferable: a tenth of a webhook's CPU)
 * even when it then only reads the header. Here a request with a `Content-Length` and no
 * `Transfer-Encoding` is judged by that header (Node's HTTP parser delivers exactly that many
 * bytes, never more); any other body is counted as it streams, by `bodyLimit` itself.
 */
export function declaredBodyLimit(options: {
    maxSize: number;
    onError: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
    const streamed = bodyLimit(options);
    return async (c, next) => {
        const declared = c.req.header('content-length');
        if (declared === undefined || c.req.header('transfer-encoding') !== undefined)
            return streamed(c, next);
        if (Number.parseInt(declared, 10) > options.maxSize) return options.onError(c);
        await next();
    };
}
