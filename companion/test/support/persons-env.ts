import { pino } from 'pino';

import { DEMO_SALES_REP } from '../../sandbox/demo/sandbox-mode.ts';
import { booksClient } from '../../sandbox/zoho/test-client.ts';
import type { Db } from '../../src/store/db.ts';
import { saveLink } from '../../src/store/links.ts';
import {
    CONTACT_PERSON_JOB,
    createContactPersonFlow
} from '../../src/sync/customer/contact-persons/index.ts';
import { CUSTOMER_OUT_JOB } from '../../src/sync/customer/outbound.ts';
import { readConnectionContext } from '../../src/sync/invoice/context.ts';
import { invoiceEnv, type Record } from './invoice-env.ts';

/**
 * Contacts and Zoho contact persons against both simulators: one linked Account (and one not
 * linked), a contact-person flow of its own to call directly, a Books API caller to edit persons
 * as a finance clerk would, and counters of the writes the companion made.
 */
export async function personsEnv(db: Db) {
    const zohoCalls: { method: string; path: string }[] = [];
    const recording: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        zohoCalls.push({ method: request.method, path: new URL(request.url).pathname });
        return fetch(request);
    };
    const base = await invoiceEnv(db, { deals: 6, linked: true, fetch: recording });
    const [linked, unlinked] = base.seed.accounts;
    if (!linked?.zohoContactId || !unlinked) throw new Error('the seed has no linked account');
    await saveLink(base.db, {
        connectionId: base.connectionId,
        kind: 'customer',
        salesforceId: linked.salesforceId,
        zohoOrganizationId: base.zohoOrg,
        zohoId: linked.zohoContactId,
        dataHash: null
    });
    const clients = base.runtime.clients;
    const flow = createContactPersonFlow({
        db: base.db,
        clock: base.clock,
        log: pino({ level: 'silent' }),
        clients,
        rules: async (id) => (await readConnectionContext(await clients.salesforce(id))).rules
    });
    const books = booksClient(base.pair.zoho.sandbox, base.pair.zoho.credentials);
    const customerId = linked.zohoContactId;
    const who = { connectionId: base.connectionId, actor: 'test', correlationId: null };
    const e = {
        ...base,
        flow,
        books,
        who,
        accountId: linked.salesforceId,
        unlinkedAccountId: unlinked.salesforceId,
        customerId,
        /** Zoho calls the companion made that change a contact person. */
        personWrites: () =>
            zohoCalls.filter((c) => c.method !== 'GET' && c.path.includes('/contactpersons')),
        async salesforceContactWrites(): Promise<number> {
            const [row] = await base.db.query<{ n: number }>(
                "SELECT count(*)::int AS n FROM journal WHERE operation = 'salesforce.contact.update'"
            );
            return row?.n ?? 0;
        },
        contact(id: string): Record {
            const found = base.sf.records(base.sfOrg, 'Contact').find((r) => r.Id === id);
            if (!found) throw new Error(`no contact ${id}`);
            return found as Record;
        },
        async persons(): Promise<Record[]> {
            const res = await books.get(`/contacts/${customerId}/contactpersons`);
            return res.body.contact_persons as Record[];
        },
        /** A finance clerk edits a person in Zoho (not through the companion). */
        async editPerson(personId: string, fields: Record) {
            const person = (await e.persons()).find((p) => p.contact_person_id === personId);
            const res = await books.put(`/contacts/contactpersons/${personId}`, {
                contact_id: customerId,
                first_name: person?.first_name,
                ...fields
            });
            if (res.status !== 200) throw new Error(`edit refused: ${JSON.stringify(res.body)}`);
        },
        async doneJobs(): Promise<number> {
            const [row] = await base.db.query<{ n: number }>(
                "SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND state = 'done'",
                [CONTACT_PERSON_JOB]
            );
            return row?.n ?? 0;
        },
        /**
         * Until the Salesforce simulator has sent its event calls and no contact-person or
         * Account job waits (an Account change, such as a new billing contact, reconciles the
         * persons too; other kinds have no handler here).
         */
        async drained() {
            await base.sf.settle();
            await base.waitFor(
                async () => {
                    const [row] = await base.db.query<{ n: number }>(
                        "SELECT count(*)::int AS n FROM jobs WHERE kind = ANY($1::text[]) AND state IN ('queued', 'running', 'retrying')",
                        [[CONTACT_PERSON_JOB, CUSTOMER_OUT_JOB]]
                    );
                    return row?.n === 0;
                },
                15_000,
                'contact-person and account jobs to finish'
            );
        },
        /** Ann and Bob on the linked Account, created by the sales rep; Bob gets the invoices. */
        async addPeople() {
            const { ids } = base.sf.seed(base.sfOrg, {
                as: DEMO_SALES_REP,
                records: [
                    {
                        object: 'Contact',
                        ref: 'ann',
                        fields: {
                            FirstName: 'Ann',
                            LastName: 'Lee',
                            Email: 'Ann.Lee@Acme.test',
                            Phone: '+1 555 0100',
                            AccountId: linked.salesforceId
                        }
                    },
                    {
                        object: 'Contact',
                        ref: 'bob',
                        fields: {
                            FirstName: 'Bob',
                            LastName: 'Stone',
                            Email: 'bob@acme.test',
                            AccountId: linked.salesforceId
                        }
                    }
                ]
            });
            const ann = ids.ann as string;
            const bob = ids.bob as string;
            base.sf.update(
                base.sfOrg,
                'Account',
                linked.salesforceId,
                { Closebooks_Billing_Contact__c: bob },
                DEMO_SALES_REP
            );
            await base.waitFor(
                () =>
                    e.contact(ann).Zoho_Contact_Person_Id__c &&
                    e.contact(bob).Zoho_Contact_Person_Id__c,
                15_000,
                'the person ids on the Contacts'
            );
            await e.drained();
            // The events may have run before the billing contact was set: one more pass settles it.
            await flow.syncContact(who, bob);
            return { ann, bob };
        }
    };
    return e;
}
export type PersonsEnv = Awaited<ReturnType<typeof personsEnv>>;
