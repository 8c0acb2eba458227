// Writes the event contract's JSON Schema into config/contracts/ (run: npm run contracts).
import { writeFile } from 'node:fs/promises';

import prettier from 'prettier';

import { salesforceEventBatchJsonSchema } from '../companion/src/contracts/salesforce-events.ts';

export const CONTRACT_FILE = new URL(
    '../config/contracts/salesforce-events.v1.schema.json',
    import.meta.url
);

/** The schema as the repository stores it: pretty JSON, formatted by the project's prettier. */
export async function renderContract(): Promise<string> {
    const options = await prettier.resolveConfig(CONTRACT_FILE);
    return prettier.format(JSON.stringify(salesforceEventBatchJsonSchema()), {
        ...options,
        parser: 'json'
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
    await writeFile(CONTRACT_FILE, await renderContract());
    process.stdout.write(`wrote ${CONTRACT_FILE.pathname}\n`);
}
