import { describe, expect, it } from 'vitest';

import { createUsageTracker, parseLimitInfo } from './limits.ts';

describe('parseLimitInfo', () => {
    it.each([
        { header: 'api-usage=18/5000', want: { used: 18, max: 5000 } },
        { header: 'api-usage=25/5000; api-bursts=1/100', want: { used: 25, max: 5000 } },
        { header: 'per-app-api-usage=1/10(appName=x)', want: undefined },
        {
            header: 'api-usage=7/100; per-app-api-usage=1/10(appName=x)',
            want: { used: 7, max: 100 }
        },
        { header: undefined, want: undefined }
    ])('reads $header', ({ header, want }) => {
        expect(parseLimitInfo(header)).toEqual(want);
    });
});

describe('createUsageTracker', () => {
    it('keeps the last reading when a response has no header', () => {
        const tracker = createUsageTracker();
        expect(tracker.usage()).toBeUndefined();
        tracker.observe('api-usage=3/100');
        tracker.observe(undefined);
        expect(tracker.usage()).toEqual({ used: 3, max: 100 });
    });
});
