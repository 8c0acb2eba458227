import type { Readable, Writable } from 'node:stream';

import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The client end of an MCP stdio pipe over in-process streams: newline-delimited JSON-RPC, read
 * and written with the SDK's own stdio framing, so a server's `StdioServerTransport` is tested
 * without spawning a process.
 */
export function streamClientTransport(input: Readable, output: Writable): Transport {
    const buffer = new ReadBuffer();
    const transport: Transport = {
        async start() {
            input.on('data', (chunk: Buffer) => {
                buffer.append(chunk);
                for (let message = buffer.readMessage(); message; message = buffer.readMessage())
                    transport.onmessage?.(message);
            });
        },
        async send(message: JSONRPCMessage) {
            output.write(serializeMessage(message));
        },
        async close() {
            input.removeAllListeners('data');
            transport.onclose?.();
        }
    };
    return transport;
}
