// Shared by the check scripts: where the project under check is, and its sfdx-project.json.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository that holds the tools (node_modules), whatever project is being checked. */
export const TOOLS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `--project <dir>` when given (the planted-defect tests check copies), else the current folder. */
export function projectDir(argv = process.argv.slice(2)) {
    const at = argv.indexOf('--project');
    return path.resolve(at >= 0 && argv[at + 1] ? argv[at + 1] : process.cwd());
}

/** Parsed sfdx-project.json plus the absolute paths of its package directories. */
export async function readSfdxProject(dir) {
    const file = path.join(dir, 'sfdx-project.json');
    let project;
    try {
        project = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
        throw new Error(`${file}: cannot read the Salesforce project file (${error.message})`);
    }
    if (!/^\d+\.0$/.test(project.sourceApiVersion ?? '')) {
        throw new Error(`${file}: sourceApiVersion must look like "65.0"`);
    }
    const packageDirs = (project.packageDirectories ?? []).map((p) => path.join(dir, p.path));
    return { ...project, packageDirs };
}

/** Prints a failure line the runner and a person can both read, and sets a failing exit code. */
export function fail(check, message) {
    process.stderr.write(`${check}: ${message}\n`);
    process.exitCode = 1;
}
