import { pino } from 'pino';

import { createApp } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { createMetrics } from '../../src/metrics.ts';
import {
    generateMasterKey,
    keyring as makeKeyring,
    type Keyring
} from '../../src/security/vault.ts';
import type { Db } from '../../src/store/db.ts';

/** The companion's HTTP app on a test database, with a fresh keyring and silent logs. */
export function createTestApp(db: Db, options: { keyring?: Keyring } = {}) {
    const keyring = options.keyring ?? makeKeyring(generateMasterKey());
    const metrics = createMetrics({ db, clock: systemClock });
    return {
        app: createApp({ db, log: pino({ level: 'silent' }), keyring, metrics }),
        keyring,
        metrics
    };
}
