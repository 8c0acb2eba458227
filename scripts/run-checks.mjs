// `npm test`: runs every check in turn, prints one line per check (and the output of any that
// fails), then the summary line "N passed, N failed" counting tests for the test runners and one
// per plain check. Exits 1 if anything failed.
// Usage: node scripts/run-checks.mjs [--only name[,name…]] [--list]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { TOOLS_ROOT } from './lib/project.mjs';

const bin = (name) => path.join(TOOLS_ROOT, 'node_modules/.bin', name);
const vitest = (project) => [
    bin('vitest'),
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json'
];

const AHEAD = ['bash', 'scripts/with-faketime.sh', '+365d'];

/** Each check: a name, the command, and how its tests are counted (`vitest`, `jest` or a plain check). */
const CHECKS = [
    { name: 'types', cmd: [bin('tsc'), '-p', 'tsconfig.json'] },
    { name: 'lint', cmd: [bin('eslint'), '.'] },
    { name: 'format', cmd: [bin('prettier'), '--check', '.', '--log-level', 'warn'] },
    { name: 'apex', cmd: ['node', 'scripts/check-apex.mjs'] },
    { name: 'analyzer', cmd: ['node', 'scripts/check-analyzer.mjs'] },
    { name: 'metadata', cmd: ['node', 'scripts/check-metadata.mjs'] },
    { name: 'lwc', cmd: [bin('sfdx-lwc-jest'), '--', '--json'], count: 'jest' },
    { name: 'unit', cmd: vitest('unit'), count: 'vitest' },
    // The same tests with the wall clock a year ahead (libfaketime), so a test that compares a
    // fixed date with today fails now, not on the day that date passes (#19).
    { name: 'unit-ahead', cmd: [...AHEAD, ...vitest('unit')], count: 'vitest' },
    { name: 'store-pglite', cmd: vitest('store'), count: 'vitest' },
    // The store suite runs today on PGlite and a year ahead on PostgreSQL (server included), so
    // every store test meets both dates without a third run.
    {
        name: 'store-postgres-ahead',
        cmd: [...AHEAD, 'bash', 'scripts/with-postgres.sh', ...vitest('store')],
        count: 'vitest'
    },
    { name: 'cli', cmd: vitest('cli'), count: 'vitest' },
    // The sandbox console in Debian's Chromium: quote to cash, console errors, axe (#17).
    { name: 'browser', cmd: vitest('browser'), count: 'vitest' },
    { name: 'planted', cmd: vitest('planted'), count: 'vitest' }
];

function run(cmd, env) {
    return new Promise((resolve) => {
        const child = spawn(cmd[0], cmd.slice(1), {
            env: { ...process.env, ...env },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('error', (error) => resolve({ code: 127, output: `${output}${error.message}\n` }));
        child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
    });
}

async function countFrom(check, file) {
    const report = JSON.parse(await readFile(file, 'utf8'));
    return {
        passed: report.numPassedTests ?? 0,
        failed: (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0)
    };
}

function argValue(flag) {
    const at = process.argv.indexOf(flag);
    return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv.includes('--list')) {
    for (const c of CHECKS) process.stdout.write(`${c.name}\n`);
    process.exit(0);
}
const only = argValue('--only')?.split(',');
const unknown = only?.filter((n) => !CHECKS.some((c) => c.name === n)) ?? [];
if (unknown.length > 0) {
    process.stderr.write(
        `unknown check(s): ${unknown.join(', ')}; known: ${CHECKS.map((c) => c.name).join(', ')}\n`
    );
    process.exit(2);
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'closebooks-checks-'));
const totals = { passed: 0, failed: 0 };
const started = performance.now();
for (const check of CHECKS.filter((c) => !only || only.includes(c.name))) {
    const t0 = performance.now();
    const report = path.join(scratch, `${check.name}.json`);
    const cmd =
        check.count === 'jest'
            ? [...check.cmd, `--outputFile=${report}`]
            : check.count === 'vitest'
              ? [...check.cmd, `--outputFile.json=${report}`]
              : check.cmd;
    const { code, output } = await run(cmd, { NO_COLOR: '1' });
    let counts = code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    if (check.count) {
        counts = await countFrom(check, report).catch(() => counts);
        if (code !== 0 && counts.failed === 0) counts = { ...counts, failed: 1 };
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const verdict = code === 0 ? 'ok  ' : 'FAIL';
    const detail = check.count ? ` (${counts.passed} passed, ${counts.failed} failed)` : '';
    if (code !== 0)
        process.stdout.write(
            `\n----- ${check.name} output -----\n${output.trimEnd()}\n----- end of ${check.name} -----\n`
        );
    process.stdout.write(`${verdict} ${check.name.padEnd(15)} ${seconds.padStart(6)} s${detail}\n`);
}
await rm(scratch, { recursive: true, force: true });
process.stdout.write(`total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(totals.failed > 0 ? 1 : 0);
