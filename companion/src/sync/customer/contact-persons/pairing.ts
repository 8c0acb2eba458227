/**
 * Which Salesforce Contact is which Zoho contact person, as a pure decision. The link ledger is
 * the truth; a Contact without a link is paired by the person id stored on it, then by its
 * normalised e-mail when exactly one unlinked person on each side has it. Names never pair: two
 * people called alike are still two people. What stays unpaired on the Salesforce side is
 * created in Zoho, unless an ambiguous e-mail or a vanished linked person says to wait.
 */

export type ContactSide = {
    salesforceId: string;
    email: string | null;
    storedZohoId: string | null;
};
export type PersonSide = { zohoId: string; email: string | null };

export type PairedBy = 'link' | 'stored_id' | 'email';
export type Pair = { salesforceId: string; zohoId: string; by: PairedBy };

export type PairingProblem = {
    salesforceId: string;
    code: 'linked_person_missing' | 'ambiguous_email';
    message: string;
};

export type Pairing = {
    pairs: Pair[];
    /** Contacts with no counterpart: to be created as contact persons. */
    create: string[];
    problems: PairingProblem[];
    /** Zoho persons with no Contact: left as they are. */
    unpairedPersons: string[];
};

/** Trimmed and lower-cased; blank is no e-mail. */
export function normaliseEmail(email: string | null | undefined): string | null {
    const value = email?.trim().toLowerCase();
    return value ? value : null;
}

function groupByEmail<T>(items: readonly T[], email: (item: T) => string | null) {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const key = normaliseEmail(email(item));
        if (key) groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    return groups;
}

/**
 * @param links Salesforce id → linked Zoho person id, for these Contacts.
 * @param linkedElsewhere Zoho person ids linked to Contacts not among `contacts`: never taken.
 */
export function pairContactPersons(
    contacts: readonly ContactSide[],
    persons: readonly PersonSide[],
    links: ReadonlyMap<string, string>,
    linkedElsewhere: ReadonlySet<string> = new Set()
): Pairing {
    const present = new Set(persons.map((p) => p.zohoId));
    const taken = new Set([...linkedElsewhere, ...links.values()]);
    const result: Pairing = { pairs: [], create: [], problems: [], unpairedPersons: [] };
    const open: ContactSide[] = [];
    for (const contact of contacts) {
        const linked = links.get(contact.salesforceId);
        if (linked && present.has(linked))
            result.pairs.push({ salesforceId: contact.salesforceId, zohoId: linked, by: 'link' });
        else if (linked)
            result.problems.push({
                salesforceId: contact.salesforceId,
                code: 'linked_person_missing',
                message: `linked Zoho contact person ${linked} is no longer on the customer; not created again`
            });
        else if (
            contact.storedZohoId &&
            present.has(contact.storedZohoId) &&
            !taken.has(contact.storedZohoId)
        ) {
            taken.add(contact.storedZohoId);
            result.pairs.push({
                salesforceId: contact.salesforceId,
                zohoId: contact.storedZohoId,
                by: 'stored_id'
            });
        } else open.push(contact);
    }
    const freePersons = groupByEmail(
        persons.filter((p) => !taken.has(p.zohoId)),
        (p) => p.email
    );
    const openByEmail = groupByEmail(open, (c) => c.email);
    for (const contact of open) {
        const email = normaliseEmail(contact.email);
        const candidates = email ? (freePersons.get(email) ?? []) : [];
        const rivals = email ? (openByEmail.get(email) ?? []) : [];
        const [only] = candidates;
        if (candidates.length === 1 && rivals.length === 1 && only) {
            taken.add(only.zohoId);
            result.pairs.push({
                salesforceId: contact.salesforceId,
                zohoId: only.zohoId,
                by: 'email'
            });
        } else if (candidates.length > 1 || (candidates.length === 1 && rivals.length > 1))
            result.problems.push({
                salesforceId: contact.salesforceId,
                code: 'ambiguous_email',
                message: `${candidates.length} Zoho contact persons and ${rivals.length} Contacts share the e-mail ${email ?? ''}; pair them by hand`
            });
        else result.create.push(contact.salesforceId);
    }
    result.unpairedPersons = persons.filter((p) => !taken.has(p.zohoId)).map((p) => p.zohoId);
    return result;
}
