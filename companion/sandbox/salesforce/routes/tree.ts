import { Hono } from 'hono';

import { insertRecord, resolveObject } from '../dml.ts';
import { type RecordError, SalesforceError } from '../errors.ts';
import { type DataEnv, jsonBody, sfJson } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { dmlContext } from './sobjects.ts';

type Item = Record<string, unknown>;
type Result = { referenceId: string; id: string } | { referenceId: string; errors: RecordError[] };

/** Documented: 200 records across all trees, five levels deep. */
const MAX_RECORDS = 200;
const MAX_DEPTH = 5;

type Node = { type: string; referenceId: string; fields: Item; children: Node[]; link?: string };

/** Reads a tree: each record's child relationships (`Contacts: {records: […]}`) become nodes. */
function readTree(org: DataEnv['Variables']['org'], type: string, item: Item, depth: number): Node {
    if (depth > MAX_DEPTH)
        throw new SalesforceError(
            'INVALID_INPUT',
            `An sObject tree can be at most ${MAX_DEPTH} levels deep`
        );
    const attributes = item.attributes as { type?: unknown; referenceId?: unknown } | undefined;
    if (typeof attributes?.referenceId !== 'string' || attributes.referenceId === '')
        throw new SalesforceError('INVALID_INPUT', 'Include a reference ID for each record');
    const object = resolveObject(org, typeof attributes.type === 'string' ? attributes.type : type);
    const fields: Item = {};
    const children: Node[] = [];
    for (const [key, value] of Object.entries(item)) {
        if (key === 'attributes') continue;
        const relationship = object.childRelationships.find(
            (r) => r.relationshipName.toLowerCase() === key.toLowerCase()
        );
        const nested = (value as { records?: unknown } | null)?.records;
        if (relationship && Array.isArray(nested)) {
            for (const child of nested as Item[])
                children.push({
                    ...readTree(org, relationship.childSObject, child, depth + 1),
                    link: relationship.field
                });
        } else fields[key] = value;
    }
    return { type: object.name, referenceId: attributes.referenceId, fields, children };
}

const count = (nodes: Node[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);

/**
 * `POST /composite/tree/{Type}`: records with their children in one call; all of them or none.
 * 201 `{hasErrors:false, results:[{referenceId,id}]}`, or 400 `{hasErrors:true, results}` with
 * the failing record's errors, nothing saved.
 */
export function treeRoutes(state: SandboxState) {
    return new Hono<DataEnv>().post('/composite/tree/:type', async (c) => {
        const org = c.get('org');
        const object = resolveObject(org, c.req.param('type'));
        const body = await jsonBody<{ records?: unknown }>(c);
        if (!Array.isArray(body.records) || body.records.length === 0)
            throw new SalesforceError('JSON_PARSER_ERROR', 'records is required');
        const trees = (body.records as Item[]).map((item) => readTree(org, object.name, item, 1));
        if (count(trees) > MAX_RECORDS)
            throw new SalesforceError(
                'EXCEEDED_ID_LIMIT',
                `Too many records in the tree: at most ${MAX_RECORDS}`
            );
        const ctx = dmlContext(state, c);
        const results: Result[] = [];
        const save = (node: Node, parentId?: string): boolean => {
            let id: string;
            try {
                id = insertRecord(ctx, node.type, {
                    ...node.fields,
                    ...(node.link && parentId ? { [node.link]: parentId } : {})
                }).Id;
            } catch (error) {
                if (!(error instanceof SalesforceError)) throw error;
                results.push({ referenceId: node.referenceId, errors: [error.toRecordError()] });
                return false;
            }
            results.push({ referenceId: node.referenceId, id });
            return node.children.every((child) => save(child, id));
        };
        if (trees.every((tree) => save(tree))) return sfJson({ hasErrors: false, results }, 201);
        c.set('rollback', true);
        return sfJson({ hasErrors: true, results: results.filter((r) => 'errors' in r) }, 400);
    });
}
