import type { Backend, BenchEngine } from './harness.ts';
import { naiveEngine } from './naive.ts';

/**
 * The engines `npm run bench` can run, by `--engines` name. An engine that has no database
 * (naive) answers backend `none` whatever it is asked for, and then runs once.
 * `closebooks` registers here from `companion/bench/closebooks.ts`.
 */
export const engines: Record<string, (backend: Backend) => BenchEngine> = {
    naive: () => naiveEngine()
};
