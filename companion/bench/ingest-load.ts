import { Agent, request } from 'node:http';

/**
 * A small closed-loop load generator: `connections` keep-alive sockets, each sending its next
 * request as soon as the last is answered, for a warm-up and then a measured window. Each
 * request's body and headers come from `next(n)` (n counts from 0 across all connections), so
 * every request can be distinct. Answers are read whole; the generator is the same for every
 * server it is pointed at.
 */

export type LoadOptions = {
    url: string;
    connections: number;
    warmupMs: number;
    durationMs: number;
    next: (n: number) => { path: string; body: string; headers: Record<string, string> };
    /** The records one answer says it accepted (default 0). */
    accepted?: (status: number, body: string) => number;
};

export type LoadResult = {
    /** Answers completed inside the measured window, and their latencies (real ms). */
    requests: number;
    latenciesMs: number[];
    durationMs: number;
    /** Non-2xx answers and failed requests over the whole run, warm-up included. */
    errors: number;
    /** Requests sent and records accepted over the whole run, warm-up included. */
    sent: number;
    accepted: number;
};

function send(
    agent: Agent,
    url: URL,
    call: ReturnType<LoadOptions['next']>
): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = request(
            {
                agent,
                host: url.hostname,
                port: url.port,
                method: 'POST',
                path: call.path,
                headers: { ...call.headers, 'content-length': Buffer.byteLength(call.body) }
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (chunk: Buffer) => chunks.push(chunk));
                res.on('end', () =>
                    resolve({
                        status: res.statusCode ?? 0,
                        body: Buffer.concat(chunks).toString('utf8')
                    })
                );
                res.on('error', reject);
            }
        );
        req.on('error', reject);
        req.end(call.body);
    });
}

export async function closedLoop(options: LoadOptions): Promise<LoadResult> {
    const url = new URL(options.url);
    const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
    const started = performance.now();
    const measureFrom = started + options.warmupMs;
    const end = measureFrom + options.durationMs;
    const result: LoadResult = {
        requests: 0,
        latenciesMs: [],
        durationMs: options.durationMs,
        errors: 0,
        sent: 0,
        accepted: 0
    };
    const loop = async () => {
        while (performance.now() < end) {
            const call = options.next(result.sent);
            result.sent += 1;
            const at = performance.now();
            try {
                const answer = await send(agent, url, call);
                if (answer.status < 200 || answer.status > 299) result.errors += 1;
                result.accepted += options.accepted?.(answer.status, answer.body) ?? 0;
            } catch {
                result.errors += 1;
            }
            const done = performance.now();
            if (done >= measureFrom && done <= end) {
                result.requests += 1;
                result.latenciesMs.push(done - at);
            }
        }
    };
    await Promise.all(Array.from({ length: options.connections }, loop));
    agent.destroy();
    return result;
}
