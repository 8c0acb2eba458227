import { PACKAGE_NAMES } from './package-names.generated.ts';
import { packageNameIndex, type PackageNames } from './package-names.ts';

/**
 * Between the names the flows use (the package's local names: `Zoho_Invoice__c`) and the names
 * a subscriber org answers to (`cbks__Zoho_Invoice__c`). Only the package's own names (from the
 * generated manifest) gain the prefix; a subscriber's own fields (`Region__c`) and standard
 * names stay as they are. With an empty namespace (an org where the package is not namespaced)
 * every function returns its input.
 * https://developer.salesforce.com/docs/atlas.en-us.packagingGuide.meta/packagingGuide/packaging_namespace_prefix.htm
 */
export type NamespaceTranslator = {
    readonly namespace: string;
    /** One API name (object, field, relationship) or a dotted path of them, local → prefixed. */
    toOrgName(name: string): string;
    /** SOQL text local → prefixed; string literals are left alone. */
    toOrgSoql(soql: string): string;
    /** A REST path (`/sobjects/X/…`, `/composite/sobjects/X/Ext__c`, `/query?q=…`) local → prefixed. */
    toOrgPath(path: string): string;
    /** A request body: record keys, `attributes.type`, composite subrequest urls and bodies. */
    toOrgBody(body: unknown): unknown;
    /** One API name or dotted path prefixed → local. */
    toLocalName(name: string): string;
    /** Free text (an error message) with every prefixed name made local. */
    toLocalText(text: string): string;
    /** A response: keys of records (nested too), `attributes`, and names in error entries. */
    toLocalBody(body: unknown): unknown;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

/** Identifiers (dotted paths are split by the caller) and single-quoted literals of SOQL. */
const SOQL_TOKEN = /'(?:\\.|[^'\\])*'|[A-Za-z_][A-Za-z0-9_]*/g;

export function createNamespaceTranslator(
    namespace: string,
    names: PackageNames = PACKAGE_NAMES
): NamespaceTranslator {
    const index = packageNameIndex(names);
    const prefix = `${namespace}__`;
    const lowerPrefix = prefix.toLowerCase();
    const prefixedName = new RegExp(`\\b${namespace}__(?=[A-Za-z])`, 'gi');

    const toOrgSegment = (segment: string) => {
        if (!namespace) return segment;
        const local = index.get(segment.toLowerCase());
        return local === undefined ? segment : `${prefix}${segment}`;
    };
    const toLocalSegment = (segment: string) =>
        namespace && segment.toLowerCase().startsWith(lowerPrefix)
            ? segment.slice(prefix.length)
            : segment;

    const toOrgName = (name: string) => name.split('.').map(toOrgSegment).join('.');
    const toLocalName = (name: string) => name.split('.').map(toLocalSegment).join('.');

    const toOrgSoql = (soql: string) =>
        namespace
            ? soql.replace(SOQL_TOKEN, (token) =>
                  token.startsWith("'") ? token : toOrgSegment(token)
              )
            : soql;

    function toOrgPath(path: string): string {
        if (!namespace) return path;
        const [route = '', query] = splitOnce(path, '?');
        const segments = route.split('/').map(toOrgSegment).join('/');
        if (query === undefined) return segments;
        const params = query.split('&').map((param) => {
            const [key = '', value] = splitOnce(param, '=');
            if (key !== 'q' || value === undefined) return param;
            const soql = decodeURIComponent(value.replace(/\+/g, ' '));
            return `q=${encodeURIComponent(toOrgSoql(soql))}`;
        });
        return `${segments}?${params.join('&')}`;
    }

    function toOrgBody(body: unknown): unknown {
        if (!namespace) return body;
        if (Array.isArray(body)) return body.map(toOrgBody);
        if (!isObject(body)) return body;
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(body)) {
            if (key === 'attributes' && isObject(value))
                out[key] = {
                    ...value,
                    ...(typeof value.type === 'string' ? { type: toOrgName(value.type) } : {})
                };
            else if (key === 'url' && typeof value === 'string') out[key] = toOrgPath(value);
            else out[toOrgSegment(key)] = toOrgBody(value);
        }
        return out;
    }

    const toLocalText = (text: string) => (namespace ? text.replace(prefixedName, '') : text);

    function toLocalBody(body: unknown): unknown {
        if (!namespace) return body;
        if (Array.isArray(body)) return body.map(toLocalBody);
        if (!isObject(body)) return body;
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(body)) {
            const local = toLocalSegment(key);
            if (key === 'attributes' && isObject(value)) out[key] = localAttributes(value);
            else if (key === 'message' && typeof value === 'string') out[key] = toLocalText(value);
            else if (key === 'fields' && Array.isArray(value))
                out[key] = value.map((f) => (typeof f === 'string' ? toLocalName(f) : f));
            else out[local] = toLocalBody(value);
        }
        return out;
    }

    function localAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
        const out = { ...attributes };
        if (typeof out.type === 'string') out.type = toLocalName(out.type);
        if (typeof out.url === 'string') out.url = out.url.split('/').map(toLocalSegment).join('/');
        return out;
    }

    return {
        namespace,
        toOrgName,
        toOrgSoql,
        toOrgPath,
        toOrgBody,
        toLocalName,
        toLocalText,
        toLocalBody
    };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
    const at = text.indexOf(separator);
    return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
