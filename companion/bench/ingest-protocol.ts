import { z } from 'zod';

/** What the ingest scenario (ingest.ts) and its server process (ingest-server.ts) exchange. */

export const ingestServerConfigSchema = z.object({
    mode: z.enum(['companion', 'bare']),
    backend: z.enum(['pglite', 'postgres']),
    databaseUrl: z.string().optional(),
    webhookSecret: z.string().min(12),
    organizationId: z.string()
});
export type IngestServerConfig = z.infer<typeof ingestServerConfigSchema>;

/**
 * Inbox rows, the distinct Zoho records among them, jobs queued, and the CPU ms (user + system)
 * the server process spent since it was ready.
 */
export const ingestCountSchema = z.object({
    inbox: z.number(),
    records: z.number(),
    jobs: z.number(),
    cpuMs: z.number()
});
export type IngestCount = z.infer<typeof ingestCountSchema>;

/** The server's first message, once it listens. */
export const ingestReadySchema = z.object({
    ready: z.literal(true),
    url: z.string(),
    connectionId: z.string()
});

/** What the scenario asks of the server. */
export const ingestRequestSchema = z.enum(['count', 'stop']);
