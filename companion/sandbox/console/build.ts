import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import lwc from '@lwc/rollup-plugin';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replaceImport, { type RollupReplaceOptions } from '@rollup/plugin-replace';
import { rollup, type Plugin, type RollupLog } from 'rollup';

import { ConsoleError } from './errors.ts';
import { readLabels } from './labels.ts';
import { platformModules } from './platform-modules.ts';

// The plugin's types read as CommonJS to TypeScript; its ES build's default export is the plugin.
const replace = replaceImport as unknown as (options: RollupReplaceOptions) => Plugin;

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));
const LWC_DIR = path.join(REPO_ROOT, 'force-app/main/default/lwc');
export const LABELS_FILE = path.join(
    REPO_ROOT,
    'force-app/main/default/labels/CustomLabels.labels-meta.xml'
);
/** Where built bundles are kept, one folder per source hash. */
export const DEFAULT_CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/closebooks-console');

async function filesUnder(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries
        .filter((e) => e.isFile() && !e.parentPath.split(path.sep).includes('__tests__'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
}

/**
 * Every input of the bundle: the package's components and labels, the console's client code
 * and build code, and the lock file (the compiler, base components and SLDS versions).
 */
export async function bundleInputs(): Promise<string[]> {
    const here = fileURLToPath(new URL('./', import.meta.url));
    return [
        ...(await filesUnder(LWC_DIR)),
        LABELS_FILE,
        ...(await filesUnder(CLIENT_DIR)),
        path.join(here, 'build.ts'),
        path.join(here, 'platform-modules.ts'),
        path.join(REPO_ROOT, 'package-lock.json')
    ];
}

/** A hash of the inputs' paths and contents: the bundle's cache key. */
export async function hashInputs(files: string[]): Promise<string> {
    const hash = createHash('sha256');
    for (const file of files) {
        hash.update(path.relative(REPO_ROOT, file));
        hash.update('\0');
        hash.update(await readFile(file));
        hash.update('\0');
    }
    return hash.digest('hex').slice(0, 24);
}

export function bundlePath(cacheDir: string, key: string): string {
    return path.join(cacheDir, key, 'bundle.js');
}

export async function isBuilt(file: string): Promise<boolean> {
    return stat(file).then(
        (s) => s.isFile(),
        () => false
    );
}

/** The package's components as `c/<name>` modules. */
async function packageComponents() {
    const names = (await readdir(LWC_DIR, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    return names.map((name) => ({
        name: `c/${name}`,
        path: path.join(LWC_DIR, name, `${name}.js`)
    }));
}

// Base components carry hundreds of template warnings of their own; cycles are theirs too.
function onLog(level: string, log: RollupLog, handler: (level: 'warn', log: RollupLog) => void) {
    if (log.code === 'CIRCULAR_DEPENDENCY' || log.plugin === 'rollup-plugin-lwc-compiler') return;
    if (level === 'warn') handler('warn', log);
}

/**
 * Compiles the console (the package's components from `force-app`, the console's own shell and
 * screens, base components) into one ES module at `outFile`, written whole or not at all.
 */
export async function buildBundle(outFile: string): Promise<void> {
    const labels = await readLabels(LABELS_FILE);
    const bundle = await rollup({
        input: path.join(CLIENT_DIR, 'main.js'),
        onLog,
        plugins: [
            platformModules(labels),
            replace({
                preventAssignment: true,
                values: {
                    'process.env.NODE_ENV': JSON.stringify('production'),
                    'import.meta.env.SSR': 'false'
                }
            }),
            nodeResolve(),
            lwc({
                rootDir: CLIENT_DIR,
                enableDynamicComponents: true,
                // Base components (the combobox) call attachInternals, which synthetic shadow
                // supports only for components compiled with this; Lightning Experience does too.
                enableSyntheticElementInternals: true,
                modules: [
                    ...(await packageComponents()),
                    { dir: path.join(CLIENT_DIR, 'modules') },
                    { npm: 'lightning-base-components' }
                ]
            })
        ]
    }).catch((error: unknown) => {
        throw new ConsoleError(
            'console_build_failed',
            error instanceof Error ? error.message : String(error)
        );
    });
    try {
        const { output } = await bundle.generate({ format: 'esm', inlineDynamicImports: true });
        const [chunk] = output;
        await mkdir(path.dirname(outFile), { recursive: true });
        const partial = `${outFile}.${process.pid}.tmp`;
        await writeFile(partial, chunk.code);
        await rename(partial, outFile);
    } finally {
        await bundle.close();
    }
}
