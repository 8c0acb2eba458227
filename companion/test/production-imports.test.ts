import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SANDBOX = path.join(ROOT, 'companion/sandbox') + path.sep;

/**
 * The project files a module loads when it is evaluated: relative static imports and
 * re-exports, following each file in turn. `import type` is erased and `import()` waits until
 * it is called, so neither counts.
 */
function staticGraph(entry: string): Set<string> {
    const seen = new Set<string>();
    const pending = [path.join(ROOT, entry)];
    const statement =
        /^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.{1,2}\/[^']+)'|^\s*import\s+'(\.{1,2}\/[^']+)'/gm;
    while (pending.length > 0) {
        const file = pending.pop() as string;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const match of readFileSync(file, 'utf8').matchAll(statement)) {
            const target = match[1] ?? match[2];
            if (target?.endsWith('.ts')) pending.push(path.resolve(path.dirname(file), target));
        }
    }
    return seen;
}

describe('the production start', () => {
    it('loads no simulator code: companion/src/main.ts reaches nothing under companion/sandbox', () => {
        const graph = staticGraph('companion/src/main.ts');
        expect(graph.size).toBeGreaterThan(20);
        expect([...graph].filter((file) => file.startsWith(SANDBOX))).toEqual([]);
    });

    it('sees simulator code where it is imported (the check can fail)', () => {
        const graph = staticGraph('companion/sandbox/demo/announce.ts');
        expect([...graph].some((file) => file.endsWith('sandbox/zoho/zoho-sandbox.ts'))).toBe(true);
    });
});
