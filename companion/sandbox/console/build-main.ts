// Builds the console bundle into the cache, in a process of its own so the companion stays
// responsive while the compiler runs: `node --import tsx companion/sandbox/console/build-main.ts
// <out-file>`. Exit 0 when written, 1 with the reason on stderr.
import { buildBundle } from './build.ts';

const [outFile] = process.argv.slice(2);
if (!outFile) {
    process.stderr.write('usage: build-main.ts <out-file>\n');
    process.exit(2);
}
try {
    await buildBundle(outFile);
} catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
}
