import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

/**
 * Every offline checker must be able to fail. Each test copies a clean fixture project, shows the
 * checker passes on it, plants one defect, and asserts the checker now exits non-zero and names
 * the broken file. Fixtures live here, never in force-app.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/sfdx-mini', import.meta.url));
const CLASSES = 'force-app/main/default/classes';
const CLASS_META = `<?xml version="1.0" encoding="UTF-8" ?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

type Checker = { name: string; command: (dir: string) => string[] };

const checkers = {
    apex: {
        name: 'apex-ls',
        command: (dir) => ['node', 'scripts/check-apex.mjs', '--project', dir]
    },
    analyzer: {
        name: 'Code Analyzer',
        command: (dir) => ['node', 'scripts/check-analyzer.mjs', '--project', dir]
    },
    metadata: {
        name: 'metadata',
        command: (dir) => ['node', 'scripts/check-metadata.mjs', '--project', dir]
    },
    format: {
        name: 'prettier',
        command: (dir) => [
            path.join(ROOT, 'node_modules/.bin/prettier'),
            '--config',
            path.join(ROOT, '.prettierrc'),
            '--check',
            path.join(dir, 'force-app')
        ]
    },
    types: {
        name: 'tsc',
        command: (dir) => [
            path.join(ROOT, 'node_modules/.bin/tsc'),
            '-p',
            path.join(dir, 'ts'),
            '--pretty',
            'false'
        ]
    }
} satisfies Record<string, Checker>;

function check(checker: Checker, dir: string) {
    const [cmd, ...args] = checker.command(dir);
    const result = spawnSync(cmd ?? '', args, {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' }
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function writeClass(dir: string, name: string, body: string) {
    await writeFile(path.join(dir, CLASSES, `${name}.cls`), body);
    await writeFile(path.join(dir, CLASSES, `${name}.cls-meta.xml`), CLASS_META);
}

const defects: {
    name: string;
    checker: Checker;
    file: string;
    says: string;
    plant: (dir: string) => Promise<void>;
}[] = [
    {
        name: 'an Apex class using a field the object does not have',
        checker: checkers.apex,
        file: 'BadField.cls',
        says: "Unknown field 'No_Such_Field__c'",
        plant: (dir) =>
            writeClass(
                dir,
                'BadField',
                'public with sharing class BadField {\n    public static Thing__c make() {\n        return new Thing__c(No_Such_Field__c = 1);\n    }\n}\n'
            )
    },
    {
        name: 'SOQL built by string concatenation from input',
        checker: checkers.analyzer,
        file: 'InsecureSearch.cls',
        says: 'ApexSOQLInjection',
        plant: (dir) =>
            writeClass(
                dir,
                'InsecureSearch',
                [
                    '/**',
                    ' * @description Planted defect: SOQL injection.',
                    ' */',
                    'public with sharing class InsecureSearch {',
                    '    /**',
                    '     * @description Finds things by a name typed by the user.',
                    '     * @param name user input',
                    '     * @return matching things',
                    '     */',
                    '    public static List<Thing__c> find(String name) {',
                    "        return Database.query('SELECT Id FROM Thing__c WHERE Name = \\'' + name + '\\'');",
                    '    }',
                    '}',
                    ''
                ].join('\n')
            )
    },
    {
        name: 'a malformed field XML file',
        checker: checkers.format,
        file: 'Amount__c.field-meta.xml',
        says: 'SyntaxError',
        plant: (dir) =>
            writeFile(
                path.join(
                    dir,
                    'force-app/main/default/objects/Thing__c/fields/Amount__c.field-meta.xml'
                ),
                '<?xml version="1.0" encoding="UTF-8" ?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Amount__c</full\n'
            )
    },
    {
        name: 'an Apex class without its meta file',
        checker: checkers.metadata,
        file: 'Orphan.cls',
        says: 'has no Orphan.cls-meta.xml',
        plant: (dir) =>
            writeFile(
                path.join(dir, CLASSES, 'Orphan.cls'),
                'public with sharing class Orphan {\n    public static Integer one() {\n        return 1;\n    }\n}\n'
            )
    },
    {
        name: 'a TypeScript type error',
        checker: checkers.types,
        file: 'broken.ts',
        says: 'TS2322',
        plant: (dir) =>
            writeFile(path.join(dir, 'ts/broken.ts'), "export const count: number = 'three';\n")
    }
];

describe('planted defects', () => {
    let dir = '';
    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it.each(defects)(
        '$checker.name fails on $name and names $file',
        async ({ checker, file, says, plant }) => {
            dir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-planted-'));
            await cp(FIXTURE, dir, { recursive: true });

            const clean = check(checker, dir);
            expect(clean.output).not.toContain(file);
            expect(
                clean.status,
                `${checker.name} should pass the clean fixture:\n${clean.output}`
            ).toBe(0);

            await plant(dir);
            const broken = check(checker, dir);
            expect(broken.status, `${checker.name} should fail:\n${broken.output}`).not.toBe(0);
            expect(broken.output).toContain(file);
            expect(broken.output).toContain(says);
        }
    );
});
