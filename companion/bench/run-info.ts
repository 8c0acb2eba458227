import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

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
