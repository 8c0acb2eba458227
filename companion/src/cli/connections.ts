// `npm run connections -- <command>`: disable, enable, re-authorize (Zoho) or delete a connection.
//   list                                   one line per connection: id, status, Salesforce org, name
//   disable <id> | enable <id>
//   reauthorize-zoho <id> [--region eu]    prints a Zoho consent URL; its callback revokes the old tokens
//   delete <id> [--force]                  revokes the Zoho and Salesforce refresh tokens, then removes
//                                          the connection's secrets and data (--force: even when a
//                                          token could not be revoked)
// Uses the same environment as the companion (DATABASE_URL or the PGlite data directory; with
// PGlite, stop the companion first: one process at a time may open it).
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { resolveKeyring } from '../security/master-key.ts';
import { openStore } from '../store/open-store.ts';
import { createZohoOAuth } from '../zoho/oauth.ts';
import { ZOHO_DATA_CENTRES } from '../zoho/regions.ts';
import { runConnectionsCommand } from './connections-command.ts';

function fail(message: string): never {
    process.stderr.write(`connections: ${message}\n`);
    process.exit(1);
}

const config = loadConfig();
const log = createLogger(config.logLevel, process.stderr);
const store = await openStore(config.store).catch((error: unknown) =>
    fail(error instanceof AppError ? error.message : String(error))
);
try {
    const keyring = await resolveKeyring(config, log);
    const zohoOAuth = config.zohoClient
        ? createZohoOAuth({
              clientId: config.zohoClient.id,
              clientSecret: config.zohoClient.secret,
              redirectUri: `${config.publicUrl}/v1/oauth/zoho/callback`,
              endpoints: ZOHO_DATA_CENTRES,
              fetch,
              clock: systemClock
          })
        : undefined;
    process.exitCode = await runConnectionsCommand(
        process.argv.slice(2),
        { db: store.db, keyring, zohoOAuth, fetch, log, clock: systemClock },
        {
            out: (line) => process.stdout.write(`${line}\n`),
            err: (line) => process.stderr.write(`${line}\n`)
        }
    );
} finally {
    await store.close();
}
