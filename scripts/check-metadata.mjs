// Metadata check. `sf project convert source` validates nothing and silently drops a class whose
// -meta.xml is missing, so this check (1) requires every Apex class and trigger to have its
// -meta.xml, (2) requires every apiVersion in force-app to equal sourceApiVersion, and (3) converts
// the source and requires package.xml to list every component found in the source tree.
// Usage: node scripts/check-metadata.mjs [--project dir]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { XMLParser } from 'fast-xml-parser';

import { TOOLS_ROOT, fail, projectDir, readSfdxProject } from './lib/project.mjs';

const CHECK = 'check:metadata';

/** Source-format file suffix → metadata type, for files that are one component each. */
const TYPE_BY_SUFFIX = [
    ['.cls-meta.xml', 'ApexClass'],
    ['.trigger-meta.xml', 'ApexTrigger'],
    ['.object-meta.xml', 'CustomObject'],
    ['.permissionset-meta.xml', 'PermissionSet'],
    ['.permissionsetgroup-meta.xml', 'PermissionSetGroup'],
    ['.customPermission-meta.xml', 'CustomPermission'],
    ['.md-meta.xml', 'CustomMetadata'],
    ['.namedCredential-meta.xml', 'NamedCredential'],
    ['.externalCredential-meta.xml', 'ExternalCredential'],
    ['.flexipage-meta.xml', 'FlexiPage'],
    ['.tab-meta.xml', 'CustomTab'],
    ['.app-meta.xml', 'CustomApplication'],
    ['.layout-meta.xml', 'Layout'],
    ['.reportType-meta.xml', 'ReportType'],
    ['.quickAction-meta.xml', 'QuickAction'],
    ['.cspTrustedSite-meta.xml', 'CspTrustedSite'],
    ['.remoteSite-meta.xml', 'RemoteSiteSetting'],
    ['.resource-meta.xml', 'StaticResource'],
    ['.messageChannel-meta.xml', 'LightningMessageChannel'],
    ['.notiftype-meta.xml', 'CustomNotificationType'],
    ['.platformEventSubscriberConfig-meta.xml', 'PlatformEventSubscriberConfig']
];
/** Child components stored in folders under objects/<Object>/. */
const CHILD_TYPE_BY_FOLDER = {
    fields: 'CustomField',
    listViews: 'ListView',
    validationRules: 'ValidationRule',
    recordTypes: 'RecordType',
    webLinks: 'WebLink',
    compactLayouts: 'CompactLayout',
    businessProcesses: 'BusinessProcess'
};

const xml = new XMLParser({
    ignoreAttributes: true,
    isArray: (name) => name === 'labels' || name === 'types' || name === 'members'
});

async function walk(dir) {
    const entries = await readdir(dir, { withFileTypes: true });
    const files = await Promise.all(
        entries.map((e) =>
            e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]
        )
    );
    return files.flat();
}

function componentOf(file, problems) {
    const name = path.basename(file);
    const parts = file.split(path.sep);
    if (parts.includes('__tests__')) return [];
    const lwcAt = parts.lastIndexOf('lwc');
    if (lwcAt >= 0) {
        return name.endsWith('.js-meta.xml')
            ? [['LightningComponentBundle', parts[lwcAt + 1]]]
            : [];
    }
    if (name.endsWith('.cls') || name.endsWith('.trigger')) return [];
    if (name === 'CustomLabels.labels-meta.xml') return [['CustomLabels', 'CustomLabels']];
    const objectsAt = parts.lastIndexOf('objects');
    if (objectsAt >= 0 && parts.length - objectsAt === 4) {
        const type = CHILD_TYPE_BY_FOLDER[parts[objectsAt + 2]];
        if (!type) {
            problems.push(
                `${file}: unknown folder under objects/ (teach scripts/check-metadata.mjs its type)`
            );
            return [];
        }
        return [[type, `${parts[objectsAt + 1]}.${name.slice(0, name.indexOf('.'))}`]];
    }
    const match = TYPE_BY_SUFFIX.find(([suffix]) => name.endsWith(suffix));
    if (!match) {
        problems.push(`${file}: unknown metadata file (teach scripts/check-metadata.mjs its type)`);
        return [];
    }
    return [[match[1], name.slice(0, -match[0].length)]];
}

async function checkSources(packageDir, apiVersion, problems) {
    const files = await walk(packageDir);
    const expected = new Map();
    for (const file of files) {
        const rel = path.relative(process.cwd(), file);
        if (
            (file.endsWith('.cls') || file.endsWith('.trigger')) &&
            !existsSync(`${file}-meta.xml`)
        ) {
            problems.push(
                `${rel}: has no ${path.basename(file)}-meta.xml, so it would be silently left out of the package`
            );
        }
        if (!file.endsWith('-meta.xml')) continue;
        const text = await readFile(file, 'utf8');
        const version = /<apiVersion>([^<]*)<\/apiVersion>/.exec(text)?.[1];
        if (version !== undefined && version !== apiVersion) {
            problems.push(
                `${rel}: apiVersion ${version} differs from sourceApiVersion ${apiVersion}`
            );
        }
        for (const [type, member] of componentOf(file, problems)) {
            expected.set(`${type}:${member}`, rel);
        }
        if (file.endsWith('CustomLabels.labels-meta.xml')) {
            for (const label of xml.parse(text).CustomLabels?.labels ?? []) {
                expected.set(`CustomLabel:${label.fullName}`, rel);
            }
        }
    }
    return expected;
}

function convert(packageDir, outDir) {
    const home = path.join(outDir, 'home');
    const result = spawnSync(
        path.join(TOOLS_ROOT, 'node_modules/.bin/sf'),
        [
            'project',
            'convert',
            'source',
            '--root-dir',
            packageDir,
            '--output-dir',
            path.join(outDir, 'mdapi'),
            '--json'
        ],
        {
            cwd: path.dirname(packageDir),
            encoding: 'utf8',
            env: {
                ...process.env,
                HOME: home,
                SF_DISABLE_TELEMETRY: 'true',
                SF_AUTOUPDATE_DISABLE: 'true',
                SF_DISABLE_AUTOUPDATE: 'true',
                SF_SKIP_NEW_VERSION_CHECK: 'true',
                SF_HIDE_RELEASE_NOTES: 'true',
                npm_config_update_notifier: 'false'
            }
        }
    );
    if (result.status !== 0) {
        throw new Error(
            `sf project convert source failed: ${(result.stdout || result.stderr).trim()}`
        );
    }
    return path.join(outDir, 'mdapi', 'package.xml');
}

const dir = projectDir();
process.chdir(dir);
const project = await readSfdxProject(dir);
const problems = [];
let components = 0;
for (const packageDir of project.packageDirs) {
    const expected = await checkSources(packageDir, project.sourceApiVersion, problems);
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'closebooks-convert-'));
    try {
        const manifest = xml.parse(await readFile(convert(packageDir, outDir), 'utf8'));
        const listed = new Set(
            (manifest.Package?.types ?? []).flatMap((t) =>
                (t.members ?? []).map((m) => `${t.name}:${m}`)
            )
        );
        for (const [key, file] of expected) {
            if (!listed.has(key))
                problems.push(
                    `${file}: ${key.replace(':', ' ')} is missing from the converted package.xml`
                );
        }
        components += listed.size;
    } finally {
        await rm(outDir, { recursive: true, force: true });
    }
}
if (problems.length > 0) {
    for (const p of problems) process.stdout.write(`${p}\n`);
    fail(CHECK, `${problems.length} problem(s)`);
} else {
    process.stdout.write(
        `${CHECK}: ${components} components converted, all listed in package.xml, API ${project.sourceApiVersion}\n`
    );
}
