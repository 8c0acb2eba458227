import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';

import { z } from 'zod';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** When, at which commit and on what machine a measurement ran: the head of every results file. */
export function runInfo() {
    return {
        date: new Date().toISOString(),
        commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT }).toString().trim(),
        machine: {
            cores: availableParallelism(),
            cpu: cpus()[0]?.model ?? 'unknown',
            memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
            node: process.version
        }
    };
}

/**
 * Writes a results file (bench/results/<name>): the run's info and its rows under `list`, plus
 * the rows of the file as it was that this run did not measure again (`remeasured` says which),
 * so a file's parts can be measured in separate runs. Returns the path.
 */
export function writeResults<T extends Record<string, unknown>>(
    name: string,
    list: string,
    rows: readonly T[],
    remeasured: (old: Record<string, unknown>) => boolean,
    info = runInfo()
): string {
    const file = resolve(REPO_ROOT, 'bench/results', name);
    const kept = existsSync(file)
        ? z
              .record(z.string(), z.unknown())
              .transform((o) => z.array(z.record(z.string(), z.unknown())).catch([]).parse(o[list]))
              .catch([])
              .parse(JSON.parse(readFileSync(file, 'utf8')))
              .filter((old) => !remeasured(old))
        : [];
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...info, [list]: [...kept, ...rows] }, null, 4)}\n`);
    return file;
}
