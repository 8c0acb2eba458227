import { pino } from 'pino';

import { createApp } from '../../src/app.ts';
import { systemClock, type Clock } from '../../src/clock.ts';
import { createMetrics } from '../../src/metrics.ts';
import {
    generateMasterKey,
    keyring as makeKeyring,
    type Keyring
} from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';

/** The companion's HTTP app on a test database, with a fresh keyring and silent logs. */
export function createTestApp(db: Db, options: { keyring?: Keyring; clock?: Clock } = {}) {
    const keyring = options.keyring ?? makeKeyring(generateMasterKey());
    const clock = options.clock ?? systemClock;
    const metrics = createMetrics({ db, clock });
    const app = createApp({ db, log: pino({ level: 'silent' }), keyring, metrics, clock });
    return { app, keyring, metrics };
}
