import { type Context, Hono } from 'hono';

import { SalesforceError } from '../errors.ts';
import { type DataEnv, sfJson } from '../http.ts';
import { firstPage, nextPage } from '../soql/cursors.ts';
import { queryColumns } from '../soql/columns.ts';
import { runQuery } from '../soql/query.ts';
import type { SandboxState } from '../state.ts';

/** `Sforce-Query-Options: batchSize=N` (200–2,000; the server may send fewer, never more). */
function batchSize(state: SandboxState, c: Context<DataEnv>): number {
    const requested = /batchSize=(\d+)/i.exec(c.req.header('sforce-query-options') ?? '')?.[1];
    const size = requested ? Math.min(2000, Math.max(200, Number(requested))) : 2000;
    return Math.min(size, state.options.queryBatchSize);
}

/**
 * `/query`, and `/queryAll`, which also returns deleted rows (`IsDeleted = true`);
 * `&columns=true` describes the result's columns instead of running the query.
 */
export function queryRoutes(state: SandboxState) {
    const run = (c: Context<DataEnv>, includeDeleted: boolean) => {
        const soql = c.req.query('q');
        if (!soql)
            throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified');
        const org = c.get('org');
        const now = state.clock.now();
        if (c.req.query('columns') === 'true')
            return sfJson(queryColumns({ org, soql, now, includeDeleted }));
        const result = runQuery({ org, soql, now, includeDeleted }, c.get('version'));
        return sfJson(
            firstPage(
                org,
                result.rows,
                result.totalSize,
                batchSize(state, c),
                c.get('version'),
                now
            )
        );
    };
    const more = (c: Context<DataEnv>) =>
        sfJson(
            nextPage(
                c.get('org'),
                c.req.param('locator') ?? '',
                c.get('version'),
                state.clock.now()
            )
        );
    return new Hono<DataEnv>()
        .get('/query', (c) => run(c, false))
        .get('/query/', (c) => run(c, false))
        .get('/queryAll', (c) => run(c, true))
        .get('/queryAll/', (c) => run(c, true))
        .get('/query/:locator', more)
        .get('/queryAll/:locator', more);
}
