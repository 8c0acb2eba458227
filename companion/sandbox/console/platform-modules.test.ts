import { describe, expect, it } from 'vitest';

import { parseLabels } from './labels.ts';
import { platformModuleSource } from './platform-modules.ts';

const labels = parseLabels(`<?xml version="1.0" encoding="UTF-8"?>
<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">
    <labels><fullName>Closebooks_Done</fullName><value>Done &amp; dusted</value></labels>
    <labels><fullName>Closebooks_Count</fullName><value>42</value></labels>
</CustomLabels>`);

describe('the platform modules the console compiles in', () => {
    it('gives a custom label its value from the labels file, as text', () => {
        expect(platformModuleSource('@salesforce/label/c.Closebooks_Done', labels)).toBe(
            'export default "Done & dusted";\n'
        );
        expect(platformModuleSource('@salesforce/label/c.Closebooks_Count', labels)).toBe(
            'export default "42";\n'
        );
    });

    it('fails the build on a label the package does not define, as a deploy would', () => {
        expect(() => platformModuleSource('@salesforce/label/c.Missing', labels)).toThrow(
            /no custom label named Missing/
        );
    });

    it('gives schema imports their object and field names', () => {
        expect(platformModuleSource('@salesforce/schema/Opportunity.Zoho_Balance__c', labels)).toBe(
            'export default {"objectApiName":"Opportunity","fieldApiName":"Zoho_Balance__c"};\n'
        );
        expect(platformModuleSource('@salesforce/schema/Closebooks_Sync__e', labels)).toBe(
            'export default {"objectApiName":"Closebooks_Sync__e"};\n'
        );
    });

    it('makes each Apex method a call to its stand-in by Class.method', () => {
        const source = platformModuleSource(
            '@salesforce/apex/ZohoAccountPanelController.getAccountSummary',
            labels
        );
        expect(source).toMatch(/apexMethod\("ZohoAccountPanelController\.getAccountSummary"\)/);
    });

    it('leaves every other import (base components, their own labels) to the LWC resolver', () => {
        expect(platformModuleSource('lightning/button', labels)).toBeUndefined();
        expect(
            platformModuleSource('@salesforce/label/LightningDatatable.loading', labels)
        ).toBeUndefined();
    });
});
