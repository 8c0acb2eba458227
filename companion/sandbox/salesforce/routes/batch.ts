import { Hono } from 'hono';

import { SalesforceError } from '../errors.ts';
import { type DataEnv, jsonBody, sfJson } from '../http.ts';
import { refundRequest } from '../limits.ts';
import type { SandboxState } from '../state.ts';

type BatchRequest = { method?: string; url?: string; richInput?: unknown };
type BatchResult = { statusCode: number; result: unknown };

const MAX_SUBREQUESTS = 25;

/**
 * `POST /composite/batch` (reference §A.7, related): up to 25 independent subrequests, each its
 * own transaction and each counted against the daily allocation (the envelope itself is not);
 * `haltOnError` stops at the first failure. Answers `{hasErrors, results: [{statusCode, result}]}`.
 */
export function batchRoutes(
    state: SandboxState,
    dispatch: (request: Request) => Promise<Response> | Response
) {
    return new Hono<DataEnv>().post('/composite/batch', async (c) => {
        const input = await jsonBody<{ batchRequests?: BatchRequest[]; haltOnError?: boolean }>(c);
        const requests = input.batchRequests;
        if (!Array.isArray(requests) || requests.length === 0)
            throw new SalesforceError('JSON_PARSER_ERROR', 'batchRequests is required');
        if (requests.length > MAX_SUBREQUESTS)
            throw new SalesforceError(
                'LIMIT_EXCEEDED',
                `Batch requests cannot exceed ${MAX_SUBREQUESTS} subrequests`
            );
        refundRequest(c.get('org').usage, state.clock.now());
        const results: BatchResult[] = [];
        let halted = false;
        for (const request of requests) {
            if (halted) {
                results.push({
                    statusCode: 412,
                    result: [
                        {
                            errorCode: 'BATCH_PROCESSING_HALTED',
                            message: 'Batch processing halted per request'
                        }
                    ]
                });
                continue;
            }
            const url = String(request.url ?? '');
            const path = url.startsWith('/services/data/')
                ? url
                : `/services/data/${url.replace(/^\//, '')}`;
            const response = await dispatch(
                new Request(new URL(path, c.req.url), {
                    method: String(request.method ?? 'GET').toUpperCase(),
                    headers: {
                        authorization: c.req.header('authorization') ?? '',
                        'content-type': 'application/json'
                    },
                    ...(request.richInput === undefined
                        ? {}
                        : { body: JSON.stringify(request.richInput) })
                })
            );
            const text = await response.text();
            results.push({
                statusCode: response.status,
                result: text === '' ? null : JSON.parse(text)
            });
            if (response.status >= 400 && input.haltOnError) halted = true;
        }
        return sfJson({ hasErrors: results.some((r) => r.statusCode >= 400), results });
    });
}
