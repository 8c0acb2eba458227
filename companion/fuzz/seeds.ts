import type { TargetFacts } from './target.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Well-formed bodies for the routes whose bodies carry most meaning. The fuzzer mutates these,
 * so most cases get past the first schema check and reach the code behind it; routes without a
 * seed get random bodies only.
 */
export function seedBodies(facts: TargetFacts, now: string): Record<string, Json[]> {
    const opportunity = facts.opportunityIds[0] ?? '006000000000000AAA';
    const account = facts.accountIds[0] ?? '001000000000000AAA';
    const event = (type: string, objectType: string, recordId: string): Json => ({
        eventId: `${recordId}:${type}:1795615385000`,
        type,
        objectType,
        recordId,
        occurredAt: now,
        userId: '005000000000001AAA',
        ...(type === 'account.changed' ? { changedFields: ['BillingCountry', 'Name'] } : {})
    });
    const rpc = (id: number, method: string, params: Json): Json => ({
        jsonrpc: '2.0',
        id,
        method,
        params
    });
    return {
        'POST /mcp': [
            rpc(1, 'initialize', {
                protocolVersion: '2025-06-18',
                capabilities: {},
                clientInfo: { name: 'fuzz', version: '1' }
            }),
            rpc(2, 'tools/list', {}),
            rpc(3, 'tools/call', {
                name: 'find_customer',
                arguments: { connectionId: facts.connectionId, query: 'Acme' }
            }),
            rpc(4, 'tools/call', {
                name: 'create_invoice',
                arguments: { connectionId: facts.connectionId, opportunityId: opportunity }
            })
        ],
        'POST /v1/salesforce/events': [
            {
                contractVersion: 1,
                orgId: facts.orgId,
                batchId: 'fuzz-batch-0001',
                sentAt: now,
                events: [
                    event('opportunity.won', 'Opportunity', opportunity),
                    event('account.changed', 'Account', account)
                ]
            }
        ],
        'POST /v1/zoho/webhooks/:connection': [
            { invoice: { invoice_id: '460000000012345', last_modified_time: now } },
            { payment: { payment_id: 460000000054321, last_modified_time: now } },
            { contact: { contact_id: '460000000011111' } },
            { creditnote: { creditnote_id: '460000000099999' } }
        ],
        'POST /v1/invoices/preview': [{ opportunityId: opportunity }],
        'POST /v1/admin/connections/:id/invoices/preview': [{ opportunityId: opportunity }],
        'POST /v1/admin/connections': [
            { name: 'Fuzz', salesforceOrgId: '00D000000000009AAA' },
            {
                name: 'Fuzz',
                salesforceOrgId: '00D000000000009AAA',
                salesforceInstanceUrl: 'https://example.my.salesforce.com'
            }
        ],
        'POST /v1/admin/connections/:id/customer-conflicts/:conflictId/resolve': [
            { choose: 'salesforce' },
            { choose: 'value', value: 'x' }
        ],
        'POST /v1/package/customers/conflicts/:id/resolve': [{ choose: 'zoho' }],
        'POST /v1/package/customers/reviews/:id': [
            { action: 'link', zohoContactId: '460000000011111' },
            { action: 'dismiss' }
        ],
        'POST /v1/admin/connections/:id/customers/review/:reviewId': [
            { action: 'link', zohoContactId: '460000000011111' },
            { action: 'create_new' }
        ],
        'PUT /v1/admin/connections/:id/zoho-organizations/default': [
            { organizationId: facts.zohoOrganizationId }
        ],
        'PUT /v1/package/zoho-organizations/default': [
            { organizationId: facts.zohoOrganizationId }
        ],
        'POST /v1/admin/connections/:id/revenue-summary': [{ months: 3 }, {}],
        'POST /v1/admin/connections/:id/salesforce/jwt': [
            {
                clientId: '3MVG9fuzzfuzzfuzzfuzzfuzz',
                username: 'admin@example.com',
                domain: 'login'
            }
        ]
    };
}
