import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

/**
 * `scripts/with-faketime.sh` is what makes the unit-ahead and store-postgres-ahead stages of
 * `npm test` prove anything (#19): it must move the clock Node sees, and refuse to run the
 * command when it could not, rather than run the suite on today's date and pass.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY_MS = 86_400_000;
const PRINT_NOW = ['node', '-e', 'process.stdout.write(String(Date.now()))'];

function withFaketime(args: string[], env: Record<string, string> = {}) {
    const before = Date.now();
    const run = spawnSync('bash', ['scripts/with-faketime.sh', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...env }
    });
    return { before, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('with-faketime.sh', () => {
    it('runs the command with the wall clock a year ahead', () => {
        const run = withFaketime(['+365d', ...PRINT_NOW]);
        expect(run.status, run.stderr).toBe(0);
        const moved = Number(run.stdout) - run.before;
        expect(Math.abs(moved - 365 * DAY_MS)).toBeLessThan(3_600_000);
    });

    it('refuses, without running the command, when the clock did not move for Node', () => {
        // libfaketime leaves the commands FAKETIME_SKIP_CMDS names on the real clock.
        const run = withFaketime(['+365d', ...PRINT_NOW], { FAKETIME_SKIP_CMDS: 'node' });
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('the clock did not move');
        expect(run.stdout).toBe('');
    });

    it('refuses an offset it cannot read', () => {
        const run = withFaketime(['+1y', ...PRINT_NOW]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('offset must look like +365d');
        expect(run.stdout).toBe('');
    });
});
