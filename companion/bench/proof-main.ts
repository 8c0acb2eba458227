// `npm run proof`: writes the README's Proof figures from bench/results/*.json (see proof.ts).
// `npm run proof -- --check` only says whether the README is up to date (exit 1 when not).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { renderProof, replaceProof } from './proof.ts';
import { formatReadme, README, readProofFiles } from './proof-files.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const readme = readFileSync(README, 'utf8');
const next = await formatReadme(replaceProof(readme, renderProof(readProofFiles())));
if (values.check) {
    if (next !== readme) {
        process.stderr.write(
            'proof: README.md figures differ from bench/results; run `npm run proof`\n'
        );
        process.exit(1);
    }
    process.stderr.write('proof: README.md agrees with bench/results\n');
} else {
    writeFileSync(README, next);
    process.stderr.write(`proof: wrote the figures into ${README}\n`);
}
