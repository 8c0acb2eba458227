import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import prettier from 'prettier';
import type { z } from 'zod';

import { benchFileSchema, chaosFileSchema, fuzzFileSchema, type ProofFiles } from './proof.ts';
import { REPO_ROOT } from './run-info.ts';

export const README = resolve(REPO_ROOT, 'README.md');

function readJson<T extends z.ZodType>(name: string, schema: T): z.infer<T> | undefined {
    const file = resolve(REPO_ROOT, 'bench/results', name);
    if (!existsSync(file)) return undefined;
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
        throw new Error(`bench/results/${name} is not as expected: ${parsed.error.message}`);
    return parsed.data;
}

/** The results files as they are committed (the benchmark's is required, the others optional). */
export function readProofFiles(): ProofFiles {
    const bench = readJson('latest.json', benchFileSchema);
    if (!bench) throw new Error('bench/results/latest.json is missing: run `npm run bench`');
    const chaos = readJson('chaos.json', chaosFileSchema);
    const fuzz = readJson('fuzz.json', fuzzFileSchema);
    return { bench, ...(chaos ? { chaos } : {}), ...(fuzz ? { fuzz } : {}) };
}

/** The README as `prettier --write` leaves it (the format check runs over it). */
export async function formatReadme(text: string): Promise<string> {
    const options = await prettier.resolveConfig(README);
    return prettier.format(text, { ...options, filepath: README });
}
