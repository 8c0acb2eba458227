import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

const APEX_TEST = new URL(
    '../../../force-app/main/default/classes/CompanionEventBatchTest.cls',
    import.meta.url
);
const FIXTURE = new URL(
    '../../../config/contracts/fixtures/opportunity-won.v1.json',
    import.meta.url
);

/** The fixture copy the Apex contract test embeds (Apex cannot read repository files). */
async function embeddedFixture(): Promise<string> {
    const source = await readFile(APEX_TEST, 'utf8');
    const match = /FIXTURE_OPPORTUNITY_WON\s*=\s*'([^']*)'/.exec(source);
    if (!match?.[1]) {
        throw new Error('CompanionEventBatchTest.cls no longer embeds FIXTURE_OPPORTUNITY_WON');
    }
    return match[1];
}

describe('Apex copy of the event contract fixture', () => {
    it('is identical to config/contracts/fixtures/opportunity-won.v1.json, key order included', async () => {
        const fixture = JSON.parse(await readFile(FIXTURE, 'utf8'));
        expect(await embeddedFixture()).toBe(JSON.stringify(fixture));
    });
});
