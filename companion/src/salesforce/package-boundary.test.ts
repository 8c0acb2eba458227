import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');

/** The Apex of a package directory with comments and string literals blanked out. */
function apexCode(packageDir: string): Map<string, string> {
    const code = new Map<string, string>();
    for (const folder of ['classes', 'triggers']) {
        const dir = join(REPO, packageDir, 'main', 'default', folder);
        for (const file of readdirSync(dir).filter((f) => /\.(cls|trigger)$/.test(f)))
            code.set(
                file,
                readFileSync(join(dir, file), 'utf8')
                    .replace(/\/\*[\s\S]*?\*\//g, ' ')
                    .replace(/\/\/.*$/gm, ' ')
                    .replace(/'(?:\\.|[^'\\])*'/g, "''")
            );
    }
    return code;
}

describe('package boundary', () => {
    it('keeps static Quote references out of the Closebooks package (they live in Closebooks Quotes)', () => {
        const offenders = [...apexCode('force-app')]
            .filter(([, code]) => /\bQuote(LineItem|TriggerHandler)?\b/.test(code))
            .map(([file]) => file);
        expect(offenders).toEqual([]);
    });

    it('puts the Quote trigger in the extension', () => {
        expect([...apexCode('force-app-quotes').keys()]).toContain('QuoteTrigger.trigger');
    });
});
