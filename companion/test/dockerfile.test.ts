import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

/**
 * Docker cannot run here, so the image is checked by what can be read: the Dockerfile's shape,
 * that what it copies and starts exists, and that every package the production entry points
 * load is a production dependency (`npm ci --omit=dev` installs it).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
/** Dockerfile instructions, continuation lines joined, comments dropped. */
const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
const of = (keyword: string) => instructions.filter((l) => l.startsWith(`${keyword} `));
const jsonArgs = (line: string) => JSON.parse(line.slice(line.indexOf('['))) as string[];

/** Bare package names loaded (statically or by `import()`) by `entry` and the files it reaches. */
function packagesLoaded(entries: string[]): Set<string> {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const pending = entries.map((e) => path.join(ROOT, e));
    const statement =
        /(?:^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+|^\s*import\s+|import\()'([^']+)'/gm;
    while (pending.length > 0) {
        const file = pending.pop() as string;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const match of readFileSync(file, 'utf8').matchAll(statement)) {
            const target = match[1] ?? '';
            if (target.startsWith('.')) {
                // The sandbox is imported only in sandbox mode, which the image switches off.
                if (target.includes('/sandbox/')) continue;
                if (target.endsWith('.ts')) pending.push(path.resolve(path.dirname(file), target));
            } else if (!target.startsWith('node:') && !builtinModules.includes(target)) {
                const parts = target.split('/');
                packages.add(target.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
            }
        }
    }
    return packages;
}

describe('the Dockerfile', () => {
    it('builds in stages on Node 20 and installs production dependencies only', () => {
        const from = of('FROM');
        expect(from.length).toBeGreaterThanOrEqual(2);
        for (const line of from) expect(line).toMatch(/^FROM node:20[-.\w]* AS \w+$/);
        expect(of('RUN').some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
        expect(of('COPY').some((l) => l.startsWith('COPY --from=deps '))).toBe(true);
    });

    it('runs as a user other than root', () => {
        const user = of('USER').at(-1);
        expect(user).toBeDefined();
        expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    });

    it('copies files that exist and starts an entry file that exists, as npm start does', () => {
        for (const line of of('COPY').filter((l) => !l.includes('--from='))) {
            const parts = line.split(/\s+/).filter((p) => !p.startsWith('--'));
            for (const source of parts.slice(1, -1))
                expect(existsSync(path.join(ROOT, source)), source).toBe(true);
        }
        const cmd = jsonArgs(of('CMD').at(-1) ?? '');
        expect(cmd.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
        expect(existsSync(path.join(ROOT, cmd[3] ?? ''))).toBe(true);
        const start = (pkg as { scripts?: Record<string, string> }).scripts?.start ?? '';
        expect(start).toContain(cmd.join(' '));
    });

    it('ships the closebooks command: the bin package.json names is copied with what it loads', () => {
        const bin = (pkg as { bin?: Record<string, string> }).bin?.closebooks ?? '';
        expect(bin).not.toBe('');
        const copied = of('COPY')
            .filter((l) => !l.includes('--from='))
            .flatMap((l) =>
                l
                    .split(/\s+/)
                    .filter((p) => !p.startsWith('--'))
                    .slice(1, -1)
            );
        const inImage = (file: string) =>
            copied.some((c) => file === c || file.startsWith(`${c}/`));
        expect(inImage(bin), bin).toBe(true);
        const target = /import\('([^']+)'\)/.exec(readFileSync(path.join(ROOT, bin), 'utf8'))?.[1];
        const entry = path.relative(
            ROOT,
            path.resolve(path.dirname(path.join(ROOT, bin)), target ?? '')
        );
        expect(inImage(entry), entry).toBe(true);
    });

    it('checks health on the health route', () => {
        const healthcheck = of('HEALTHCHECK').at(-1) ?? '';
        expect(healthcheck).toContain('/healthz');
        const health = readFileSync(path.join(ROOT, 'companion/src/http/health.ts'), 'utf8');
        expect(health).toContain(".get('/healthz'");
    });

    it('leaves the simulators out: sandbox mode is off in the image', () => {
        expect(instructions.join('\n')).toMatch(/CLOSEBOOKS_SANDBOX=off/);
        expect(of('COPY').some((l) => l.includes('companion/sandbox'))).toBe(false);
    });
});

describe('the production start without dev dependencies', () => {
    const entries = [
        'companion/src/main.ts',
        'companion/src/cli/closebooks.ts',
        'companion/src/cli/keys.ts',
        'companion/src/cli/connections.ts',
        'companion/src/cli/rotate-key.ts'
    ];

    it('loads only production dependencies, and the tsx loader is one', () => {
        const loaded = packagesLoaded(entries);
        expect(loaded.size).toBeGreaterThan(5);
        expect([...loaded].filter((name) => !(name in pkg.dependencies))).toEqual([]);
        expect(pkg.dependencies).toHaveProperty('tsx');
    });

    it('would notice a dev dependency (the check can fail)', () => {
        const loaded = packagesLoaded(['companion/test/dockerfile.test.ts']);
        expect([...loaded].filter((name) => !(name in pkg.dependencies))).toContain('vitest');
    });
});
