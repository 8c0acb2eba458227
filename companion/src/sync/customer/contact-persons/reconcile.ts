import type { Clock } from '../../../clock.ts';
import type { Logger } from '../../../log.ts';
import type { Db } from '../../../store/db.ts';
import type { ContactPersonInput } from '../../../zoho/resources/contacts.ts';
import type { Contact, ContactPerson } from '../../../zoho/schemas/contacts.ts';
import type { ConnectionClients } from '../../clients.ts';
import type { MappingRule } from '../../mapping/rules.ts';
import { agree, recordConflicts, type Agreement, type PersonConflictFound } from './agreements.ts';
import { readBaselines, readPersonLinks, readPersonTombstones, setPersonHome } from './ledger.ts';
import {
    removePersonsOfDeletedContacts,
    settleMissingPersons,
    type LifecycleContext
} from './lifecycle.ts';
import { pairContactPersons } from './pairing.ts';
import { planCreate, planPair } from './plan.ts';
import { contactFields } from './policies.ts';
import {
    PERSON_ID_FIELD,
    readAccountPeople,
    readZohoPeople,
    zohoPeopleOf,
    timestampMs,
    type SalesforceContact
} from './read.ts';
import {
    createPerson,
    markPrimary,
    personInput,
    updateContacts,
    updatePerson,
    type WriteContext
} from './writes.ts';

/** Two edits of a two-way field this close together (ms) are a conflict, not a newer change. */
export const DEFAULT_WINDOW_MS = 60_000;

export type ContactPersonDeps = {
    db: Db;
    clock: Clock;
    log: Logger;
    clients: ConnectionClients;
    /** The connection's mapping rules (the runtime passes its cached package context). */
    rules(connectionId: string): Promise<readonly MappingRule[]>;
    windowMs?: number;
};

export type ReconcileRequest = {
    connectionId: string;
    zohoOrganizationId: string;
    /** The Salesforce Account and the Zoho customer it is linked to. */
    accountId: string;
    zohoContactId: string;
    /** The Zoho customer as just read by the caller, so it is not read again. */
    zohoContact?: Contact;
    /** Who asks, for the journal: `job:<id>`, `admin:<key>` … */
    actor: string;
    correlationId: string | null;
};

export type PersonReport = { salesforceId: string; code: string; message: string };

export type ReconcileOutcome =
    | { status: 'account_missing' }
    /** The Zoho customer is gone (deleted there): its tombstone is the customer sync's. */
    | { status: 'customer_missing' }
    | {
          status: 'reconciled';
          paired: number;
          created: number;
          zohoUpdates: number;
          salesforceUpdates: number;
          /** The billing contact's person, made primary in this run. */
          madePrimary: string | null;
          /** Zoho persons with no Contact, left as they are. */
          unpairedPersons: string[];
          /** Contacts moved here from another Account: their person moved with them. */
          rehomed: string[];
          /** Contacts whose person Zoho deleted: tombstoned, their person id cleared. */
          personsGone: string[];
          /** Persons of Contacts deleted in Salesforce: deleted in Zoho and tombstoned. */
          personsRemoved: string[];
          /** Two-way fields edited on both sides: in the conflict inbox, neither side touched. */
          conflicts: PersonConflictFound[];
          problems: PersonReport[];
      };

type Outcome = Extract<ReconcileOutcome, { status: 'reconciled' }>;

/**
 * Brings one customer's people into line both ways (F2): the Account's Contacts and the Zoho
 * customer's contact persons, paired through the ledger (`pairing.ts`), each pair merged by
 * `mergeFields` against what the two last agreed on, Contacts without a person created in Zoho,
 * the billing contact made primary, and each person's id written on its Contact. Safe to repeat:
 * a second run with nothing changed writes nothing. A problem with one person is reported in
 * the outcome and the others go on.
 */
export async function reconcileContactPersons(
    deps: ContactPersonDeps,
    req: ReconcileRequest
): Promise<ReconcileOutcome> {
    const rules = await deps.rules(req.connectionId);
    const sf = await deps.clients.salesforce(req.connectionId);
    const zoho = await deps.clients.zoho(req.connectionId, req.zohoOrganizationId);
    const people = await readAccountPeople(sf, req.accountId, ['Email', ...contactFields(rules)]);
    if (!people) return { status: 'account_missing' };
    // No Contacts: nothing to pair, create or bring back (Zoho persons without a Contact are
    // left as they are), so Zoho is not asked at all — a new customer costs no extra call.
    if (people.contacts.length === 0)
        return {
            status: 'reconciled',
            paired: 0,
            created: 0,
            zohoUpdates: 0,
            salesforceUpdates: 0,
            madePrimary: null,
            unpairedPersons: [],
            rehomed: [],
            personsGone: [],
            personsRemoved: [],
            conflicts: [],
            problems: []
        };
    const key = { connectionId: req.connectionId, zohoOrganizationId: req.zohoOrganizationId };
    const contacts = new Map(people.contacts.map((c) => [c.Id, c]));
    let zohoPeople = req.zohoContact
        ? zohoPeopleOf(req.zohoContact)
        : await readZohoPeople(zoho, req.zohoContactId);
    if (!zohoPeople) return { status: 'customer_missing' };
    let persons = new Map(zohoPeople.persons.map((p) => [p.contact_person_id, p]));
    let links = await readPersonLinks(deps.db, key, [...contacts.keys()], [...persons.keys()]);
    // A linked person missing from the Zoho read may have been made by another job after that
    // read (it makes the person, then the link): read again, now that the link is seen, before
    // anything counts as deleted in Zoho or is created twice.
    if ([...links.bySalesforceId.values()].some((personId) => !persons.has(personId))) {
        zohoPeople = await readZohoPeople(zoho, req.zohoContactId);
        if (!zohoPeople) return { status: 'customer_missing' };
        persons = new Map(zohoPeople.persons.map((p) => [p.contact_person_id, p]));
        links = await readPersonLinks(deps.db, key, [...contacts.keys()], [...persons.keys()]);
    }
    const ctx: WriteContext = { db: deps.db, ...req };
    const life: LifecycleContext = { ...ctx, db: deps.db, log: deps.log, nowMs: deps.clock.now() };
    const missing = await settleMissingPersons(
        life,
        zoho,
        { zohoContactId: req.zohoContactId, present: new Set(persons.keys()) },
        links
    );
    const removed = await removePersonsOfDeletedContacts(
        life,
        { sf, zoho },
        req.zohoContactId,
        links
    );
    removed.personIds.forEach((id) => persons.delete(id));
    const personsRemoved = removed.personIds;
    missing.problems.push(...removed.problems);
    const buried = await readPersonTombstones(
        deps.db,
        req.connectionId,
        [...contacts.keys()],
        [...persons.keys()]
    );
    const pairing = pairContactPersons(
        people.contacts
            .filter((c) => !buried.contacts.has(c.Id))
            .map((c) => ({
                salesforceId: c.Id,
                email: typeof c.Email === 'string' ? c.Email : null,
                storedZohoId: c[PERSON_ID_FIELD] ?? null
            })),
        [...persons.values()].map((p) => ({ zohoId: p.contact_person_id, email: p.email ?? null })),
        links.bySalesforceId,
        new Set([...links.linkedElsewhere, ...buried.persons])
    );
    const baselines = await readBaselines(
        deps.db,
        { connectionId: req.connectionId, kind: 'contact_person' },
        pairing.pairs.filter((p) => p.by === 'link').map((p) => p.salesforceId)
    );
    const outcome: Outcome = {
        status: 'reconciled',
        paired: pairing.pairs.length,
        created: 0,
        zohoUpdates: 0,
        salesforceUpdates: 0,
        madePrimary: null,
        unpairedPersons: pairing.unpairedPersons,
        rehomed: missing.rehomed,
        personsGone: missing.buried,
        personsRemoved,
        conflicts: [],
        problems: [...missing.problems, ...pairing.problems]
    };
    const problem = (salesforceId: string, p: { code: string; message: string }) =>
        outcome.problems.push({ salesforceId, code: p.code, message: p.message });
    const contactUpdates = new Map<string, Record<string, unknown>>();
    const agreements: Agreement[] = [];
    const personOf = new Map<string, string>();
    const primaryNow = new Set(
        zohoPeople.persons.filter((p) => p.is_primary_contact).map((p) => p.contact_person_id)
    );
    const stampId = (contact: SalesforceContact, zohoId: string, fields = {}) => {
        const stamp = contact[PERSON_ID_FIELD] === zohoId ? {} : { [PERSON_ID_FIELD]: zohoId };
        const update = { ...fields, ...stamp };
        if (Object.keys(update).length > 0) contactUpdates.set(contact.Id, update);
    };
    // A Contact whose person Zoho deleted no longer names it.
    for (const salesforceId of missing.buried)
        if (contacts.get(salesforceId)?.[PERSON_ID_FIELD])
            contactUpdates.set(salesforceId, { [PERSON_ID_FIELD]: null });

    for (const pair of pairing.pairs) {
        const contact = contacts.get(pair.salesforceId) as SalesforceContact;
        const person = persons.get(pair.zohoId) as ContactPerson;
        personOf.set(pair.salesforceId, pair.zohoId);
        const plan = planPair({
            rules,
            contact,
            contactModifiedMs: timestampMs(contact.LastModifiedDate),
            person,
            personModifiedMs: zohoPeople.modifiedMs,
            baseline: baselines.get(pair.salesforceId),
            windowMs: deps.windowMs ?? DEFAULT_WINDOW_MS
        });
        plan.problems.forEach((p) => problem(pair.salesforceId, p));
        outcome.conflicts.push(
            ...plan.conflicts.map((c) => ({
                ...c,
                salesforceId: pair.salesforceId,
                zohoId: pair.zohoId
            }))
        );
        if (Object.keys(plan.toZoho).length > 0) {
            const written = await updatePerson(
                ctx,
                zoho,
                { zohoContactId: req.zohoContactId, personId: pair.zohoId },
                personInput(person, plan.toZoho)
            );
            if (!written.ok) {
                problem(pair.salesforceId, written.failure);
                continue;
            }
            outcome.zohoUpdates++;
        }
        stampId(contact, pair.zohoId, plan.toSalesforce);
        agreements.push({ ...pair, baseline: plan.baseline });
    }

    for (const salesforceId of pairing.create) {
        const contact = contacts.get(salesforceId) as SalesforceContact;
        const plan = planCreate(rules, contact);
        if (!plan.ok) {
            plan.problems.forEach((p) => problem(salesforceId, p));
            continue;
        }
        const created = await createPerson(
            ctx,
            zoho,
            { salesforceId, zohoContactId: req.zohoContactId },
            plan.body as ContactPersonInput
        );
        if (!created.ok) {
            problem(salesforceId, created.failure);
            continue;
        }
        const zohoId = created.value.contact_person_id;
        // Linked at once: a crash before the rest of the run must not create it twice.
        await agree(deps.db, req, { salesforceId, zohoId, baseline: plan.baseline });
        outcome.created++;
        personOf.set(salesforceId, zohoId);
        // Zoho makes a customer's first person its primary one.
        if (created.value.is_primary_contact) primaryNow.add(zohoId);
        stampId(contact, zohoId);
    }

    const billingPerson = people.billingContactId && personOf.get(people.billingContactId);
    if (billingPerson && !primaryNow.has(billingPerson)) {
        const marked = await markPrimary(ctx, zoho, billingPerson);
        if (marked.ok) outcome.madePrimary = billingPerson;
        else problem(people.billingContactId ?? '', marked.failure);
    }

    const written = await updateContacts(ctx, sf, contactUpdates);
    for (const [salesforceId, result] of written) {
        if (result.ok) outcome.salesforceUpdates++;
        else
            problem(salesforceId, {
                code: 'salesforce_write_failed',
                message: result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')
            });
    }
    for (const agreement of agreements)
        if (written.get(agreement.salesforceId)?.ok !== false) {
            await agree(deps.db, req, agreement, baselines.get(agreement.salesforceId));
            if (links.homes.get(agreement.salesforceId) !== req.zohoContactId)
                await setPersonHome(
                    deps.db,
                    req.connectionId,
                    agreement.salesforceId,
                    req.zohoContactId
                );
        }
    await recordConflicts(deps, req, outcome.conflicts);
    if (outcome.problems.length > 0 || outcome.conflicts.length > 0)
        deps.log.warn(
            {
                accountId: req.accountId,
                problems: outcome.problems.map((p) => ({
                    contactId: p.salesforceId,
                    code: p.code
                })),
                conflicts: outcome.conflicts.map((c) => ({
                    contactId: c.salesforceId,
                    field: c.zohoField
                }))
            },
            'some contact persons were not brought into line'
        );
    return outcome;
}
