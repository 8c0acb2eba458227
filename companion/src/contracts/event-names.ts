import { createNamespaceTranslator } from '../salesforce/namespace.ts';
import { PACKAGE_NAMES } from '../salesforce/package-names.generated.ts';
import type { SalesforceEventBatch } from './salesforce-events.ts';

/**
 * The batch with the package's field names made local (`cbks__Zoho_Contact_Id__c` →
 * `Zoho_Contact_Id__c`), as the flows name them. The package sends the names its mapping rules
 * use, which are local; a rule written with the prefix in a subscriber org would send it
 * prefixed, and the flows must not see the difference. Other names (`Region__c`, another
 * package's `acme__X__c`) are kept.
 */
export function localEventNames(
    batch: SalesforceEventBatch,
    namespace: string = PACKAGE_NAMES.namespace
): SalesforceEventBatch {
    const names = createNamespaceTranslator(namespace);
    if (!names.namespace || !batch.events.some((e) => e.changedFields)) return batch;
    return {
        ...batch,
        events: batch.events.map((event) =>
            event.changedFields
                ? { ...event, changedFields: event.changedFields.map(names.toLocalName) }
                : event
        )
    };
}
