import type { ObjectDef } from './types.ts';

/** Child relationship names of standard lookups: `Object.Field` → name on the parent. */
const STANDARD_CHILD_NAMES: Record<string, string> = {
    'Account.ParentId': 'ChildAccounts',
    'Contact.AccountId': 'Contacts',
    'Opportunity.AccountId': 'Opportunities',
    'OpportunityLineItem.OpportunityId': 'OpportunityLineItems',
    'OpportunityLineItem.PricebookEntryId': 'OpportunityLineItems',
    'OpportunityLineItem.Product2Id': 'OpportunityLineItems',
    'PricebookEntry.Pricebook2Id': 'PricebookEntries',
    'PricebookEntry.Product2Id': 'PricebookEntries',
    'Opportunity.Pricebook2Id': 'Opportunities',
    'Quote.OpportunityId': 'Quotes',
    'Quote.AccountId': 'Quotes',
    'Quote.ContactId': 'Quotes',
    'QuoteLineItem.QuoteId': 'QuoteLineItems',
    'Task.WhatId': 'Tasks',
    'Task.WhoId': 'Tasks',
    'Task.AccountId': 'Tasks',
    'Case.AccountId': 'Cases',
    'Case.ContactId': 'Cases'
};

/** Fills every object's `childRelationships` from the lookups that point at it. */
export function linkChildRelationships(objects: Map<string, ObjectDef>): void {
    for (const object of objects.values()) object.childRelationships = [];
    for (const child of objects.values()) {
        for (const field of child.fields.values()) {
            if (field.type !== 'reference' || !field.referenceTo) continue;
            const relationshipName =
                field.childRelationshipName ?? STANDARD_CHILD_NAMES[`${child.name}.${field.name}`];
            if (!relationshipName) continue;
            for (const target of field.referenceTo) {
                const parent = objects.get(target.toLowerCase());
                // A polymorphic lookup (Task.WhatId) names each parent; one relationship per parent.
                if (parent?.childRelationships.some((r) => r.relationshipName === relationshipName))
                    continue;
                parent?.childRelationships.push({
                    relationshipName,
                    childSObject: child.name,
                    field: field.name
                });
            }
        }
    }
}
