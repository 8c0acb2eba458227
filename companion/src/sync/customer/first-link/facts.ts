import {
    emailDomain,
    nameTokens,
    normaliseCountry,
    normaliseTaxNumber,
    websiteDomain
} from './normalise.ts';

/** A Salesforce Account as the matcher sees it (read by `sources.ts`). */
export type AccountRecord = {
    id: string;
    name: string;
    website?: string | null | undefined;
    /** E-mail addresses of the Account's Contacts. */
    emails?: readonly string[] | undefined;
    country?: string | null | undefined;
    taxNumber?: string | null | undefined;
    /** `Account.Zoho_Contact_Id__c`, when an earlier integration stored it. */
    zohoContactId?: string | null | undefined;
};

/** A Zoho Books customer as the matcher sees it. */
export type ContactRecord = {
    id: string;
    name: string;
    companyName?: string | null | undefined;
    website?: string | null | undefined;
    /** E-mail addresses of the contact persons. */
    emails?: readonly string[] | undefined;
    country?: string | null | undefined;
    taxNumber?: string | null | undefined;
    /** The unique custom field holding a Salesforce Account id (`cf_salesforce_id`). */
    salesforceId?: string | null | undefined;
};

/** One side's record reduced to what is compared. */
export type Facts = {
    id: string;
    label: string;
    /** Normalised names: the display name and, on Zoho, the company name. */
    names: string[];
    tokens: Set<string>;
    domains: Set<string>;
    country: string | undefined;
    taxNumber: string | undefined;
    /** The other side's id this record claims (stored Zoho id / Salesforce id field). */
    claims: string | undefined;
};

function domainsOf(website: string | null | undefined, emails: readonly string[] = []) {
    const all = [website ? websiteDomain(website) : undefined, ...emails.map(emailDomain)];
    return new Set(all.filter((d): d is string => d !== undefined));
}

function namesOf(...values: (string | null | undefined)[]) {
    const lists = values.filter((v): v is string => !!v?.trim()).map(nameTokens);
    const names = [...new Set(lists.map((l) => l.join(' ')).filter((n) => n.length > 0))];
    return { names, tokens: new Set(lists.flat()) };
}

const blankToUndefined = (v: string | null | undefined) => (v?.trim() ? v.trim() : undefined);

export function accountFacts(a: AccountRecord): Facts {
    return {
        id: a.id,
        label: a.name,
        ...namesOf(a.name),
        domains: domainsOf(a.website, a.emails),
        country: a.country ? normaliseCountry(a.country) : undefined,
        taxNumber: a.taxNumber ? normaliseTaxNumber(a.taxNumber) : undefined,
        claims: blankToUndefined(a.zohoContactId)
    };
}

export function contactFacts(c: ContactRecord): Facts {
    return {
        id: c.id,
        label: c.name,
        ...namesOf(c.name, c.companyName),
        domains: domainsOf(c.website, c.emails),
        country: c.country ? normaliseCountry(c.country) : undefined,
        taxNumber: c.taxNumber ? normaliseTaxNumber(c.taxNumber) : undefined,
        claims: blankToUndefined(c.salesforceId)
    };
}
