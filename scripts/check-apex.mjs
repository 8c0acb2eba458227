// Apex semantic check: apex-ls (shipped inside the Code Analyzer PMD engine) resolves every type,
// method, field and custom object against the platform's API-65 types and the project's own
// metadata. Any issue fails the check. Needs Java 17+. Usage: node scripts/check-apex.mjs [--project dir]
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { TOOLS_ROOT, fail, projectDir, readSfdxProject } from './lib/project.mjs';

const CHECK = 'check:apex';
const dir = projectDir();
await readSfdxProject(dir);

const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (java.error || java.status !== 0) {
    fail(CHECK, 'Java 17 or newer is needed (apt-get install -y openjdk-17-jre-headless)');
    process.exit();
}

const classpath = path.join(
    TOOLS_ROOT,
    'node_modules/@salesforce/code-analyzer-pmd-engine/dist/java-lib/*'
);
const result = spawnSync(
    'java',
    [
        '-cp',
        classpath,
        'io.github.apexdevtools.apexls.CheckForIssues',
        '-w',
        dir,
        '-n',
        '-f',
        'text'
    ],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
);
const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
if (result.status === 0) {
    process.stdout.write(`${CHECK}: 0 issues\n`);
} else {
    process.stdout.write(`${output}\n`);
    fail(CHECK, `apex-ls found issues (exit ${result.status})`);
}
