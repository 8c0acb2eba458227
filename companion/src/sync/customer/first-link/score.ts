import type { Facts } from './facts.ts';

/**
 * The score of one Account ↔ Zoho contact pair: points per piece of evidence, each with a
 * reason a person can read in the review queue. Pure.
 */

export type Evidence = { reason: string; points: number };

export type PairScore = { score: number; evidence: Evidence[] };

/** Points per kind of evidence; a pair links at `LINK_THRESHOLD` if clearly ahead (`match.ts`). */
export const POINTS = {
    sameName: 55,
    similarName: 30,
    overlappingName: 15,
    sharedDomain: 35,
    /** Both sides name company domains and none is shared. */
    otherDomains: -15,
    sameTaxNumber: 50,
    /** Two different tax numbers: two legal entities. */
    otherTaxNumber: -60,
    sameCountry: 10,
    otherCountry: -40
} as const;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
    if (a.size === 0 || b.size === 0) return 0;
    let shared = 0;
    for (const t of a) if (b.has(t)) shared++;
    return shared / (a.size + b.size - shared);
}

function nameEvidence(account: Facts, contact: Facts): Evidence | undefined {
    const same = account.names.find((n) => contact.names.includes(n));
    if (same !== undefined) return { reason: `same name "${same}"`, points: POINTS.sameName };
    const overlap = jaccard(account.tokens, contact.tokens);
    const joined = (f: Facts) => f.names.map((n) => n.replace(/ /g, ''));
    // "Acme Co" / "AcmeCo", or one name the other's words run together.
    const glued = joined(account).some((n) => joined(contact).includes(n));
    if (glued || overlap >= 0.75) return { reason: 'similar name', points: POINTS.similarName };
    if (overlap >= 0.5) return { reason: 'overlapping name', points: POINTS.overlappingName };
    return undefined;
}

function domainEvidence(account: Facts, contact: Facts): Evidence | undefined {
    if (account.domains.size === 0 || contact.domains.size === 0) return undefined;
    const shared = [...account.domains].find((d) => contact.domains.has(d));
    if (shared) return { reason: `shared domain ${shared}`, points: POINTS.sharedDomain };
    return { reason: 'different domains', points: POINTS.otherDomains };
}

function taxEvidence(account: Facts, contact: Facts): Evidence | undefined {
    if (!account.taxNumber || !contact.taxNumber) return undefined;
    return account.taxNumber === contact.taxNumber
        ? { reason: 'same tax number', points: POINTS.sameTaxNumber }
        : { reason: 'different tax numbers', points: POINTS.otherTaxNumber };
}

function countryEvidence(account: Facts, contact: Facts): Evidence | undefined {
    if (!account.country || !contact.country) return undefined;
    return account.country === contact.country
        ? { reason: `same country (${account.country})`, points: POINTS.sameCountry }
        : {
              reason: `different countries (${account.country} / ${contact.country})`,
              points: POINTS.otherCountry
          };
}

/** The scored evidence of a pair (strong evidence is decided in `match.ts`, not scored). */
export function scorePair(account: Facts, contact: Facts): PairScore {
    const evidence = [
        nameEvidence(account, contact),
        domainEvidence(account, contact),
        taxEvidence(account, contact),
        countryEvidence(account, contact)
    ].filter((e): e is Evidence => e !== undefined);
    return { score: evidence.reduce((sum, e) => sum + e.points, 0), evidence };
}

/** A Salesforce id compared case-sensitively on its first 15 characters (15- vs 18-character forms). */
export function sameSalesforceId(a: string, b: string): boolean {
    return a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15);
}

/** Whether this pair carries strong evidence: a stored id on either side naming the other. */
export function strongEvidence(account: Facts, contact: Facts): Evidence | undefined {
    if (account.claims === contact.id)
        return { reason: 'Account stores this Zoho contact id', points: 0 };
    if (contact.claims && sameSalesforceId(contact.claims, account.id))
        return { reason: 'Zoho contact holds this Account id', points: 0 };
    return undefined;
}
