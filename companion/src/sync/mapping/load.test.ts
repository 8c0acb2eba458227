import { describe, expect, it, vi } from 'vitest';

import type { Clock } from '../../clock.ts';
import { createRuleCache, MAPPING_RULES_QUERY, parseMappingRecords } from './load.ts';
import type { MappingRule } from './rules.ts';

const row = {
    attributes: { type: 'Closebooks_Field_Mapping__mdt', url: '/x' },
    DeveloperName: 'Line_Tax',
    Source_Object__c: 'OpportunityLineItem',
    Source_Field__c: 'Product2.Tax_Category__c',
    Target_Object__c: 'zoho_line_item',
    Target_Field__c: 'tax_name',
    Direction__c: 'Salesforce_To_Zoho',
    Field_Owner__c: 'Salesforce',
    Condition__c: null,
    Transform__c: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
    Sort_Order__c: 10,
    Is_Active__c: true
};

const rule: MappingRule = {
    name: 'Line_Tax',
    sourceObject: 'OpportunityLineItem',
    sourceField: 'Product2.Tax_Category__c',
    targetObject: 'zoho_line_item',
    targetField: 'tax_name',
    direction: 'Salesforce_To_Zoho',
    fieldOwner: 'Salesforce',
    condition: null,
    transform: 'map:STANDARD=VAT 19;REDUCED=VAT 7',
    sortOrder: 10,
    active: true
};

describe('MAPPING_RULES_QUERY', () => {
    it('selects every field the rules need', () => {
        for (const field of Object.keys(row).filter((k) => k !== 'attributes'))
            expect(MAPPING_RULES_QUERY).toContain(field);
        expect(MAPPING_RULES_QUERY).toContain('FROM Closebooks_Field_Mapping__mdt');
    });
});

describe('parseMappingRecords', () => {
    it('turns rows into rules', () => {
        expect(parseMappingRecords([row])).toEqual({ rules: [rule], rejected: [] });
    });

    it('reads a null sort order as 0, a null owner and blank texts as null', () => {
        const { rules } = parseMappingRecords([
            {
                ...row,
                Sort_Order__c: null,
                Field_Owner__c: null,
                Condition__c: '  ',
                Transform__c: ''
            }
        ]);
        expect(rules[0]).toEqual({
            ...rule,
            sortOrder: 0,
            fieldOwner: null,
            condition: null,
            transform: null
        });
    });

    it('rejects malformed rows with the reason and keeps the rest', () => {
        const noTarget: Record<string, unknown> = { ...row };
        delete noTarget.Target_Field__c;
        expect(
            parseMappingRecords([
                { ...row, DeveloperName: 'Bad_Direction', Direction__c: 'Sideways' },
                { ...row, DeveloperName: 'Bad_Active', Is_Active__c: 'yes' },
                noTarget,
                'not a record',
                row
            ])
        ).toEqual({
            rules: [rule],
            rejected: [
                { name: 'Bad_Direction', reason: expect.stringMatching(/^Direction__c: /) },
                { name: 'Bad_Active', reason: expect.stringMatching(/^Is_Active__c: /) },
                { name: 'Line_Tax', reason: expect.stringMatching(/^Target_Field__c: /) },
                { name: '#4', reason: expect.stringMatching(/^record: /) }
            ]
        });
    });
});

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

function deferred<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { promise, resolve, reject };
}

describe('createRuleCache', () => {
    it('shares one load between concurrent gets, then serves from the cache until the TTL', async () => {
        const clock = manualClock();
        const load = vi.fn(() => Promise.resolve([rule]));
        const cache = createRuleCache({ load, clock });
        const [a, b] = await Promise.all([cache.get(), cache.get()]);
        expect(a).toEqual([rule]);
        expect(b).toBe(a);
        clock.advance(5 * 60 * 1000 - 1);
        await cache.get();
        expect(load).toHaveBeenCalledTimes(1);
        clock.advance(1);
        await cache.get();
        expect(load).toHaveBeenCalledTimes(2);
    });

    it('honours ttlMs, fresh and invalidate', async () => {
        const clock = manualClock();
        const load = vi.fn(() => Promise.resolve([rule]));
        const cache = createRuleCache({ load, clock, ttlMs: 10 });
        await cache.get();
        await cache.get({ fresh: true });
        expect(load).toHaveBeenCalledTimes(2);
        cache.invalidate();
        await cache.get();
        expect(load).toHaveBeenCalledTimes(3);
        clock.advance(10);
        await cache.get();
        expect(load).toHaveBeenCalledTimes(4);
    });

    it('does not cache a failed load; every waiting get sees the failure', async () => {
        const clock = manualClock();
        const first = deferred<MappingRule[]>();
        const load = vi
            .fn<() => Promise<MappingRule[]>>()
            .mockReturnValueOnce(first.promise)
            .mockResolvedValueOnce([rule]);
        const cache = createRuleCache({ load, clock });
        const waiting = [cache.get(), cache.get()];
        first.reject(new Error('org unreachable'));
        for (const get of waiting) await expect(get).rejects.toThrow('org unreachable');
        await expect(cache.get()).resolves.toEqual([rule]);
        expect(load).toHaveBeenCalledTimes(2);
    });

    it('turns a load that throws synchronously into a rejection', async () => {
        const cache = createRuleCache({
            load: () => {
                throw new Error('boom');
            },
            clock: manualClock()
        });
        await expect(cache.get()).rejects.toThrow('boom');
    });

    it('does not cache a load that was in flight when invalidated', async () => {
        const clock = manualClock();
        const stale = deferred<MappingRule[]>();
        const load = vi
            .fn<() => Promise<MappingRule[]>>()
            .mockReturnValueOnce(stale.promise)
            .mockResolvedValue([{ ...rule, sortOrder: 99 }]);
        const cache = createRuleCache({ load, clock });
        const old = cache.get();
        cache.invalidate();
        const current = cache.get();
        stale.resolve([rule]);
        await expect(old).resolves.toEqual([rule]);
        await expect(current).resolves.toEqual([{ ...rule, sortOrder: 99 }]);
        await expect(cache.get()).resolves.toEqual([{ ...rule, sortOrder: 99 }]);
        expect(load).toHaveBeenCalledTimes(2);
    });
});
