import { Hono } from 'hono';

import type { DataEnv } from '../http.ts';
import type { SandboxState } from '../state.ts';

export function queryRoutes(state: SandboxState) {
    void state;
    return new Hono<DataEnv>();
}
