import { Hono } from 'hono';

import type { DataEnv } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { InternalCall } from './data-api.ts';

export function compositeRoutes(
    state: SandboxState,
    calls: Map<string, InternalCall>,
    dispatch: (r: Request) => Promise<Response> | Response
) {
    void state;
    void calls;
    void dispatch;
    return new Hono<DataEnv>();
}
