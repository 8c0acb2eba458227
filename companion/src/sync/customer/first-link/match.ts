import {
    accountFacts,
    contactFacts,
    type AccountRecord,
    type ContactRecord,
    type Facts
} from './facts.ts';
import { scorePair, strongEvidence, type Evidence } from './score.ts';

/**
 * The first-link decision (pure): which Accounts link to which Zoho contacts, which go to a
 * person for review with their candidates, and which have no plausible partner. A stored id on
 * either side links outright; otherwise a pair links only when its score reaches
 * `LINK_THRESHOLD` and it is ahead of every rival — the Account's next-best contact and the
 * contact's next-best Account — by `LINK_MARGIN`. So a contact links to one Account at most,
 * and nothing is ever planned as a new customer while a candidate remains.
 */

export const LINK_THRESHOLD = 60;
export const LINK_MARGIN = 20;
/** Below this a pair is not worth a person's look. */
export const REVIEW_FLOOR = 20;
export const MAX_CANDIDATES = 5;

export type Candidate = {
    zohoContactId: string;
    contactName: string;
    score: number;
    reasons: string[];
};

export type PlannedLink = Candidate & {
    accountId: string;
    accountName: string;
    basis: 'stored_id' | 'score';
};

export type PlannedReview = { accountId: string; accountName: string; candidates: Candidate[] };

export type MatchPlan = {
    links: PlannedLink[];
    review: PlannedReview[];
    /** Accounts with no candidate left: new Zoho customers, if the customer sync's criteria say so. */
    create: { accountId: string; accountName: string }[];
    /** Zoho contacts no Account was linked to. */
    unmatchedContacts: { zohoContactId: string; contactName: string }[];
};

type Pair = { account: Facts; contact: Facts; score: number; evidence: Evidence[] };

const describe = (e: Evidence) =>
    e.points === 0 ? e.reason : `${e.reason} (${e.points > 0 ? '+' : ''}${e.points})`;

function candidate(pair: Pair): Candidate {
    return {
        zohoContactId: pair.contact.id,
        contactName: pair.contact.label,
        score: pair.score,
        reasons: pair.evidence.map(describe)
    };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** Pairs with stored-id evidence; an Account or contact named by more than one is contested. */
function strongPairs(accounts: Facts[], contacts: Facts[]) {
    const byId = new Map(contacts.map((c) => [c.id, c]));
    const byClaim = new Map<string, Facts[]>();
    for (const c of contacts) if (c.claims) push(byClaim, c.claims.slice(0, 15), c);
    const pairs: Pair[] = [];
    for (const account of accounts) {
        const named = new Set<Facts>(byClaim.get(account.id.slice(0, 15)) ?? []);
        const stored = account.claims ? byId.get(account.claims) : undefined;
        if (stored) named.add(stored);
        for (const contact of named) {
            const evidence = strongEvidence(account, contact);
            if (evidence) pairs.push({ account, contact, score: 100, evidence: [evidence] });
        }
    }
    const perAccount = new Map<string, Pair[]>();
    const perContact = new Map<string, Pair[]>();
    for (const p of pairs) {
        push(perAccount, p.account.id, p);
        push(perContact, p.contact.id, p);
    }
    const sure = pairs.filter(
        (p) =>
            perAccount.get(p.account.id)?.length === 1 && perContact.get(p.contact.id)?.length === 1
    );
    const settled = new Set(sure);
    return { sure, contested: pairs.filter((p) => !settled.has(p)) };
}

/** Contacts sharing a name word, a domain or a tax number with the Account. */
function blockingIndex(contacts: Facts[]) {
    const index = new Map<string, Facts[]>();
    for (const c of contacts) {
        for (const t of c.tokens) push(index, `t:${t}`, c);
        for (const d of c.domains) push(index, `d:${d}`, c);
        if (c.taxNumber) push(index, `x:${c.taxNumber}`, c);
    }
    return (a: Facts) => {
        const keys = [
            ...[...a.tokens].map((t) => `t:${t}`),
            ...[...a.domains].map((d) => `d:${d}`),
            ...(a.taxNumber ? [`x:${a.taxNumber}`] : [])
        ];
        return new Set(keys.flatMap((k) => index.get(k) ?? []));
    };
}

const byScore = (x: Pair, y: Pair) => y.score - x.score || x.contact.id.localeCompare(y.contact.id);

export function planMatches(
    accountRecords: readonly AccountRecord[],
    contactRecords: readonly ContactRecord[]
): MatchPlan {
    const accounts = accountRecords.map(accountFacts);
    const contacts = contactRecords.map(contactFacts);
    const { sure, contested } = strongPairs(accounts, contacts);
    const taken = new Set(sure.flatMap((p) => [p.account.id, p.contact.id]));
    const held = new Set(contested.flatMap((p) => [p.account.id, p.contact.id]));
    const links: PlannedLink[] = sure.map((p) => ({
        ...candidate(p),
        accountId: p.account.id,
        accountName: p.account.label,
        basis: 'stored_id'
    }));

    const open = contacts.filter((c) => !taken.has(c.id) && !held.has(c.id));
    const candidatesOf = blockingIndex(open);
    const perAccount = new Map<string, Pair[]>();
    const perContact = new Map<string, Pair[]>();
    for (const account of accounts) {
        if (taken.has(account.id)) continue;
        for (const contact of candidatesOf(account)) {
            const pair: Pair = { account, contact, ...scorePair(account, contact) };
            if (pair.score <= 0) continue;
            push(perAccount, account.id, pair);
            push(perContact, contact.id, pair);
        }
    }
    for (const list of [...perAccount.values(), ...perContact.values()]) list.sort(byScore);

    const linked = new Set<string>();
    for (const account of accounts) {
        const [best, next] = perAccount.get(account.id) ?? [];
        if (!best || held.has(account.id) || best.score < LINK_THRESHOLD) continue;
        const [top, rival] = perContact.get(best.contact.id) ?? [];
        const clear =
            best.score - (next?.score ?? 0) >= LINK_MARGIN &&
            top === best &&
            best.score - (rival?.score ?? 0) >= LINK_MARGIN;
        if (!clear) continue;
        links.push({
            ...candidate(best),
            accountId: account.id,
            accountName: account.label,
            basis: 'score'
        });
        linked.add(account.id).add(best.contact.id);
    }

    const review: PlannedReview[] = [];
    const create: MatchPlan['create'] = [];
    for (const account of accounts) {
        if (taken.has(account.id) || linked.has(account.id)) continue;
        const pairs = [
            ...contested.filter((p) => p.account.id === account.id),
            ...(perAccount.get(account.id) ?? []).filter(
                (p) => p.score >= REVIEW_FLOOR && !linked.has(p.contact.id)
            )
        ];
        const entry = { accountId: account.id, accountName: account.label };
        if (pairs.length === 0) create.push(entry);
        else review.push({ ...entry, candidates: pairs.slice(0, MAX_CANDIDATES).map(candidate) });
    }
    const matched = new Set([...taken, ...linked]);
    const unmatchedContacts = contacts
        .filter((c) => !matched.has(c.id))
        .map((c) => ({ zohoContactId: c.id, contactName: c.label }));
    return { links, review, create, unmatchedContacts };
}
