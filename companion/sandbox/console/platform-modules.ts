import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Plugin } from 'rollup';

import { ConsoleError } from './errors.ts';

const PLATFORM_DIR = fileURLToPath(new URL('./client/platform/', import.meta.url));
const VIRTUAL = '\0closebooks-console:';

/** Platform modules the console stands in for with a file of its own. */
const PLATFORM_FILES: Record<string, string> = {
    '@salesforce/apex': 'apex.js',
    'lightning/empApi': 'empApi.js',
    'lightning/platformShowToastEvent': 'toast.js',
    'lightning/navigation': 'navigation.js'
};

/**
 * The source of a generated platform module (`@salesforce/apex/Class.method`,
 * `@salesforce/label/c.Name`, `@salesforce/schema/Object[.Field]`), or undefined for any other
 * import. A label the package does not define fails the build, as a deploy would.
 */
export function platformModuleSource(
    specifier: string,
    labels: ReadonlyMap<string, string>
): string | undefined {
    const apex = /^@salesforce\/apex\/(\w+\.\w+)$/.exec(specifier);
    if (apex) {
        const runtime = JSON.stringify(path.join(PLATFORM_DIR, 'apex.js'));
        return `import { apexMethod } from ${runtime};\nexport default apexMethod(${JSON.stringify(apex[1])});\n`;
    }
    const label = /^@salesforce\/label\/c\.(\w+)$/.exec(specifier);
    if (label) {
        const value = labels.get(label[1]!);
        if (value === undefined)
            throw new ConsoleError('console_build_failed', `no custom label named ${label[1]}`);
        return `export default ${JSON.stringify(value)};\n`;
    }
    const schema = /^@salesforce\/schema\/(\w+)(?:\.(\w+))?$/.exec(specifier);
    if (schema) {
        const [, objectApiName, fieldApiName] = schema;
        return `export default ${JSON.stringify(fieldApiName ? { objectApiName, fieldApiName } : { objectApiName })};\n`;
    }
    return undefined;
}

/**
 * A rollup plugin that provides the platform's modules to the compiled components: the console's
 * stand-in files for Apex, empApi, toasts and navigation, and generated modules for each Apex
 * method, custom label and schema reference. It must come before the LWC plugin.
 */
export function platformModules(labels: ReadonlyMap<string, string>): Plugin {
    return {
        name: 'closebooks-console-platform',
        resolveId(specifier) {
            const file = PLATFORM_FILES[specifier];
            if (file) return path.join(PLATFORM_DIR, file);
            if (platformModuleSource(specifier, labels) !== undefined)
                return `${VIRTUAL}${specifier}`;
            return null;
        },
        load(id) {
            if (!id.startsWith(VIRTUAL)) return null;
            return platformModuleSource(id.slice(VIRTUAL.length), labels) ?? null;
        }
    };
}
