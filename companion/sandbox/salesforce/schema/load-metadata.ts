import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { XMLParser } from 'fast-xml-parser';

import { customFieldDef, MetadataError } from './custom-field.ts';
import { lookup, makeObject, ownerField, readOnly, text } from './field-builders.ts';
import { linkChildRelationships } from './relationships.ts';
import { standardObjects } from './standard-objects.ts';
import type { CustomMetadataRecord, FieldDef, ObjectDef, PicklistValue, Schema } from './types.ts';

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) =>
        ['value', 'values', 'customValue', 'customPermissions', 'labels'].includes(name)
});

function readXml(path: string): Record<string, unknown> {
    const parsed = parser.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const root = Object.keys(parsed).find((key) => key !== '?xml');
    if (!root) throw new MetadataError(`${path}: empty metadata file`);
    return parsed[root] as Record<string, unknown>;
}

const filesIn = (dir: string, suffix: string) =>
    existsSync(dir)
        ? readdirSync(dir)
              .filter((name) => name.endsWith(suffix))
              .sort()
        : [];

function loadGlobalValueSets(root: string): Map<string, PicklistValue[]> {
    const dir = join(root, 'globalValueSets');
    const sets = new Map<string, PicklistValue[]>();
    for (const file of filesIn(dir, '.globalValueSet-meta.xml')) {
        const xml = readXml(join(dir, file));
        const values = (xml.customValue as Record<string, unknown>[]).map((v) => ({
            value: String(v.fullName),
            label: String(v.label ?? v.fullName),
            active: String(v.isActive) !== 'false',
            defaultValue: String(v.default) === 'true'
        }));
        sets.set(file.replace('.globalValueSet-meta.xml', ''), values);
    }
    return sets;
}

const PREFIX_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const prefixFor = (letter: string, index: number) =>
    letter + PREFIX_CHARS.charAt(Math.floor(index / 62)) + PREFIX_CHARS.charAt(index % 62);

function kindFields(name: string, xml: Record<string, unknown>): FieldDef[] {
    if (name.endsWith('__e'))
        return [
            readOnly('ReplayId', 'string', { calculated: false }),
            readOnly('EventUuid', 'string', { length: 36, calculated: false })
        ];
    if (name.endsWith('__mdt'))
        return [
            'DeveloperName',
            'MasterLabel',
            'Label',
            'QualifiedApiName',
            'NamespacePrefix',
            'Language'
        ].map((n) =>
            text(n, n === 'Label' || n === 'MasterLabel' ? 40 : 80, {
                createable: false,
                updateable: false
            })
        );
    const nameField = xml.nameField as Record<string, unknown> | undefined;
    const autoNumber = String(nameField?.type) === 'AutoNumber';
    const label = String(nameField?.label ?? `${String(xml.label ?? name)} Name`);
    const nameDef = autoNumber
        ? readOnly('Name', 'string', {
              length: 80,
              label,
              calculated: false,
              autoNumberFormat: String(nameField?.displayFormat ?? '{0}')
          })
        : text('Name', 80, { required: true, label });
    const owned = String(xml.sharingModel) !== 'ControlledByParent';
    return owned ? [nameDef, ownerField()] : [nameDef];
}

function newObject(name: string, keyPrefix: string, xml: Record<string, unknown>): ObjectDef {
    const kind = name.endsWith('__e') ? 'event' : name.endsWith('__mdt') ? 'metadata' : 'custom';
    const base = [
        readOnly('Id', 'id', { length: 18, calculated: false }),
        readOnly('CreatedDate', 'datetime', { calculated: false }),
        lookup('CreatedById', 'User', { createable: false, updateable: false })
    ];
    const audit =
        kind === 'event'
            ? []
            : [
                  readOnly('IsDeleted', 'boolean', { calculated: false }),
                  readOnly('LastModifiedDate', 'datetime', { calculated: false }),
                  lookup('LastModifiedById', 'User', { createable: false, updateable: false }),
                  readOnly('SystemModstamp', 'datetime', { calculated: false })
              ];
    const label = String(xml.label ?? name);
    return makeObject(name, keyPrefix, [...base, ...audit, ...kindFields(name, xml)], {
        kind,
        label,
        labelPlural: String(xml.pluralLabel ?? `${label}s`),
        createable: kind !== 'metadata',
        updateable: kind === 'custom',
        deletable: kind === 'custom',
        queryable: kind !== 'event'
    });
}

/** A package name as the org knows it: `ns__Name__c` when the package has a namespace. */
const prefixer = (namespace: string) => (name: string) =>
    namespace && /__(c|r|e|mdt)$/.test(name) ? `${namespace}__${name}` : name;

/** The field as a subscriber org describes it: its own name, relationships and custom targets prefixed. */
function namespacedField(def: FieldDef, pkg: (name: string) => string): FieldDef {
    return {
        ...def,
        name: pkg(def.name),
        ...(def.relationshipName ? { relationshipName: pkg(def.relationshipName) } : {}),
        ...(def.childRelationshipName
            ? { childRelationshipName: pkg(def.childRelationshipName) }
            : {}),
        ...(def.referenceTo ? { referenceTo: def.referenceTo.map(pkg) } : {})
    };
}

type KeyPrefixCounters = Record<'custom' | 'event' | 'metadata', number>;

function loadObjects(
    root: string,
    objects: Map<string, ObjectDef>,
    namespace: string,
    counters: KeyPrefixCounters
) {
    const pkg = prefixer(namespace);
    const dir = join(root, 'objects');
    if (!existsSync(dir)) return;
    const globalSets = loadGlobalValueSets(root);
    for (const name of readdirSync(dir).sort()) {
        const metaPath = join(dir, name, `${name}.object-meta.xml`);
        const xml = existsSync(metaPath) ? readXml(metaPath) : {};
        let object = objects.get(pkg(name).toLowerCase());
        if (!object) {
            if (!/__(c|e|mdt)$/.test(name))
                throw new MetadataError(`objects/${name}: unknown standard object`);
            const kind = name.endsWith('__e')
                ? 'event'
                : name.endsWith('__mdt')
                  ? 'metadata'
                  : 'custom';
            const letter = { custom: 'a', event: 'e', metadata: 'm' }[kind];
            object = newObject(pkg(name), prefixFor(letter, counters[kind]++), xml);
            objects.set(object.name.toLowerCase(), object);
        }
        const fieldsDir = join(dir, name, 'fields');
        for (const file of filesIn(fieldsDir, '.field-meta.xml')) {
            const def = namespacedField(
                customFieldDef(readXml(join(fieldsDir, file)), globalSets),
                pkg
            );
            object.fields.set(def.name.toLowerCase(), def);
        }
    }
}

function loadCustomMetadata(root: string, namespace: string): CustomMetadataRecord[] {
    const pkg = prefixer(namespace);
    const dir = join(root, 'customMetadata');
    return filesIn(dir, '.md-meta.xml').map((file) => {
        const [type = '', developerName = ''] = file.replace('.md-meta.xml', '').split('.');
        const xml = readXml(join(dir, file));
        const values: CustomMetadataRecord['values'] = {};
        for (const entry of (xml.values ?? []) as Record<string, unknown>[]) {
            const raw = (entry.value as unknown[] | undefined)?.[0] as
                Record<string, unknown> | string | undefined;
            const nil = typeof raw === 'object' && raw !== null && raw['@xsi:nil'] === 'true';
            const text = typeof raw === 'object' && raw !== null ? raw['#text'] : raw;
            const xsiType = typeof raw === 'object' && raw !== null ? String(raw['@xsi:type']) : '';
            values[pkg(String(entry.field))] =
                nil || text === undefined
                    ? null
                    : xsiType === 'xsd:boolean'
                      ? String(text) === 'true'
                      : xsiType === 'xsd:double' || xsiType === 'xsd:int'
                        ? Number(text)
                        : String(text);
        }
        return {
            type: pkg(`${type}__mdt`),
            developerName,
            label: String(xml.label ?? developerName),
            values
        };
    });
}

function loadPermissionSets(root: string): Map<string, string[]> {
    const dir = join(root, 'permissionsets');
    const sets = new Map<string, string[]>();
    for (const file of filesIn(dir, '.permissionset-meta.xml')) {
        const xml = readXml(join(dir, file));
        const enabled = ((xml.customPermissions ?? []) as Record<string, unknown>[])
            .filter((p) => String(p.enabled) === 'true')
            .map((p) => String(p.name));
        sets.set(file.replace('.permissionset-meta.xml', ''), enabled);
    }
    return sets;
}

function loadLabels(root: string): Map<string, string> {
    const file = join(root, 'labels', 'CustomLabels.labels-meta.xml');
    const labels = new Map<string, string>();
    if (!existsSync(file)) return labels;
    for (const label of (readXml(file).labels ?? []) as Record<string, unknown>[])
        labels.set(String(label.fullName), String(label.value ?? ''));
    return labels;
}

type SfdxProject = { namespace?: unknown; packageDirectories?: unknown };

function readProject(projectDir: string): SfdxProject | undefined {
    const file = join(projectDir, 'sfdx-project.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SfdxProject) : undefined;
}

/** The namespace registered in the project's `sfdx-project.json` (empty without one). */
export function projectNamespace(projectDir: string): string {
    const namespace = readProject(projectDir)?.namespace;
    return typeof namespace === 'string' ? namespace : '';
}

/** Package directories of a project without `sfdx-project.json` (a test fixture), when present. */
const FIXTURE_PACKAGE_DIRS = ['force-app', 'force-app-quotes'];

/**
 * The `main/default` folders of the project's package directories, in `sfdx-project.json`
 * order: the Closebooks package, then the Closebooks Quotes extension. The simulator models an
 * org with every package of the project installed.
 */
export function packageRoots(projectDir: string): string[] {
    const listed = readProject(projectDir)?.packageDirectories;
    const paths = Array.isArray(listed)
        ? listed.map((entry) => String((entry as { path?: unknown }).path))
        : FIXTURE_PACKAGE_DIRS.filter((path) => existsSync(join(projectDir, path)));
    return paths.map((path) => join(projectDir, path, 'main', 'default'));
}

/**
 * Builds the org schema: the standard objects the package touches, then everything under each
 * package directory's `main/default` (`force-app`, `force-app-quotes`) — custom objects, fields
 * on standard objects, platform events, custom metadata types and records, permission sets,
 * custom labels — read generically from the XML. As in a subscriber org, the package's custom
 * names carry its namespace (`cbks__Zoho_Invoice__c`); `namespace` defaults to the project's and
 * `''` installs it bare.
 */
export function loadSchema(projectDir: string, namespace = projectNamespace(projectDir)): Schema {
    const roots = packageRoots(projectDir);
    const objects = new Map(standardObjects().map((o) => [o.name.toLowerCase(), o]));
    const counters: KeyPrefixCounters = { custom: 0, event: 0, metadata: 0 };
    for (const root of roots) loadObjects(root, objects, namespace, counters);
    linkChildRelationships(objects);
    return {
        namespace,
        objects,
        customMetadata: roots.flatMap((root) => loadCustomMetadata(root, namespace)),
        permissionSets: new Map(roots.flatMap((root) => [...loadPermissionSets(root)])),
        labels: new Map(roots.flatMap((root) => [...loadLabels(root)]))
    };
}
