import os from 'node:os';

import { defineConfig } from 'vitest/config';

/**
 * Five projects, run separately by `npm test` so each shows up on its own line:
 * - unit: fast tests of the companion (pure logic, HTTP through `app.request()`, the simulators);
 * - store: everything that needs a database, on in-memory PGlite, or on PostgreSQL when
 *   CLOSEBOOKS_TEST_DATABASE_URL is set (scripts/with-postgres.sh sets it);
 * - cli: the Salesforce CLI run against the Salesforce simulator (slow: a few seconds a command);
 * - planted: proofs that each offline checker fails on a planted defect, and that the clock
 *   wrapper behind the ahead stages refuses a clock that did not move (slow, spawns tools);
 * - browser: the sandbox console in Debian's Chromium (starts the companion, drives the page).
 */
export default defineConfig({
    test: {
        // One test file per core: vitest's default keeps a core free, which on a two-core
        // machine halves the speed of every stage.
        maxWorkers: os.availableParallelism(),
        // The test files of a worker share its loaded modules instead of importing the whole
        // companion again for each file (which took more time than the unit tests themselves).
        // Nothing in the tests mocks modules or keeps state between files: each store test file
        // opens its own database, and each test builds its own app, clock and simulators.
        isolate: false,
        hookTimeout: 60_000,
        testTimeout: 60_000,
        projects: [
            {
                extends: true,
                test: {
                    name: 'unit',
                    include: ['companion/**/*.test.ts'],
                    exclude: [
                        'companion/**/*.store.test.ts',
                        'companion/**/*.cli.test.ts',
                        'companion/**/*.browser.test.ts',
                        'node_modules/**'
                    ]
                }
            },
            {
                extends: true,
                test: {
                    name: 'store',
                    include: ['companion/**/*.store.test.ts']
                }
            },
            {
                extends: true,
                test: {
                    name: 'cli',
                    include: ['companion/**/*.cli.test.ts']
                }
            },
            {
                extends: true,
                test: {
                    name: 'browser',
                    include: ['companion/**/*.browser.test.ts'],
                    testTimeout: 420_000
                }
            },
            {
                extends: true,
                test: {
                    name: 'planted',
                    include: ['scripts/__tests__/**/*.test.ts'],
                    testTimeout: 180_000
                }
            }
        ]
    }
});
