import { describe, expect, it, vi } from 'vitest';

import type { Clock } from '../../clock.ts';
import {
    createContextCache,
    DEFAULT_SETTINGS,
    parseSettings,
    type ConnectionContext
} from './context.ts';

function manualClock(): Clock & { advance(ms: number): void } {
    let now = 0;
    return {
        now: () => now,
        sleep: () => Promise.resolve(),
        advance: (ms) => {
            now += ms;
        }
    };
}

const context = (name: string): ConnectionContext => ({
    rules: [],
    settings: { ...DEFAULT_SETTINGS, paymentTermsDays: name.length },
    rejectedRules: []
});

describe('createContextCache', () => {
    it('loads once for concurrent gets and keeps the result for its time to live', async () => {
        const clock = manualClock();
        const load = vi.fn(async (id: string) => context(id));
        const cache = createContextCache({ clock, load, ttlMs: 1_000 });
        const [a, b] = await Promise.all([cache.get('c1'), cache.get('c1')]);
        expect(a).toBe(b);
        expect(load).toHaveBeenCalledTimes(1);
        clock.advance(999);
        await cache.get('c1');
        expect(load).toHaveBeenCalledTimes(1);
        clock.advance(1);
        await cache.get('c1');
        expect(load).toHaveBeenCalledTimes(2);
    });

    it('keeps connections apart, reads again on fresh or after invalidate', async () => {
        const load = vi.fn(async (id: string) => context(id));
        const cache = createContextCache({ clock: manualClock(), load });
        await cache.get('c1');
        await cache.get('c22');
        expect(load.mock.calls.map((c) => c[0])).toEqual(['c1', 'c22']);
        await cache.get('c1', { fresh: true });
        cache.invalidate('c22');
        await cache.get('c22');
        expect(load).toHaveBeenCalledTimes(4);
    });

    it('does not keep a failed load', async () => {
        let fail = true;
        const load = vi.fn(async (id: string) => {
            if (fail) throw new Error('Salesforce is down');
            return context(id);
        });
        const cache = createContextCache({ clock: manualClock(), load });
        await expect(cache.get('c1')).rejects.toThrow('Salesforce is down');
        fail = false;
        await expect(cache.get('c1')).resolves.toMatchObject({ rules: [] });
        expect(load).toHaveBeenCalledTimes(2);
    });
});

describe('parseSettings', () => {
    it('falls back to the shipped defaults without a Default record, and per empty field', () => {
        expect(parseSettings([])).toEqual(DEFAULT_SETTINGS);
        expect(
            parseSettings([
                {
                    Invoice_Flow_Enabled__c: false,
                    Invoice_Trigger__c: 'Quote_Accepted',
                    Create_Missing_Items__c: null,
                    Exchange_Rate_Source__c: 'Salesforce',
                    Payment_Terms_Days__c: 45,
                    Prices_Include_Tax__c: true
                }
            ])
        ).toEqual({
            enabled: false,
            trigger: 'Quote_Accepted',
            createMissingItems: true,
            exchangeRateSource: 'Salesforce',
            paymentTermsDays: 45,
            pricesIncludeTax: true
        });
        expect(parseSettings([{ Prices_Include_Tax__c: null }]).pricesIncludeTax).toBe(false);
    });

    it('refuses a value outside the picklist', () => {
        expect(() => parseSettings([{ Invoice_Trigger__c: 'Whenever' }])).toThrow();
    });
});
