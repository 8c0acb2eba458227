import type { Backend, BenchEngine } from './harness.ts';
import { closebooksEngine } from './closebooks.ts';
import { naiveEngine } from './naive.ts';

/**
 * The engines `npm run bench` can run, by `--engines` name. An engine that has no database
 * (naive) answers backend `none` whatever it is asked for, and then runs once.
 */
export const engines: Record<string, (backend: Backend) => BenchEngine> = {
    closebooks: (backend) => closebooksEngine(backend),
    naive: () => naiveEngine()
};
