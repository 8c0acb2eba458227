import {
    ACCENTED,
    COUNTRIES,
    FIRST,
    FREE,
    generator,
    SECOND,
    SUFFIX_PAIRS
} from './first-link-words.ts';

/**
 * The first-link fixture: 200 Salesforce Accounts and 200 Zoho customers of which 150 are the
 * same company under varied spellings, generated deterministically (a seeded generator, no
 * clock, no randomness between runs). The expected pairs live in the fixture. Traps: two Acme
 * companies in different countries, subsidiaries sharing a domain, homonyms in one country with
 * their own domains, free-mail addresses everywhere, companies renamed since they were entered,
 * different tax numbers under one name.
 *
 * Records are named by keys (`a001`, `c001`); the tests give them ids (fake ones for the pure
 * matcher, the simulators' own end to end). `zohoKey` / `accountKey` are stored ids to be
 * resolved once the other side's ids are known.
 */

export type FixtureAccount = {
    key: string;
    name: string;
    website?: string;
    emails: string[];
    country?: string;
    taxNumber?: string;
    /** The Zoho contact whose id the Account stores in `Zoho_Contact_Id__c`. */
    zohoKey?: string;
};

export type FixtureContact = {
    key: string;
    name: string;
    companyName?: string;
    website?: string;
    emails: string[];
    country?: string;
    /** As Zoho keeps a VAT number: compact (its field takes 2–12 letters and digits). */
    taxNumber?: string;
    /** The Account whose id the contact holds in `cf_salesforce_id`. */
    accountKey?: string;
};

export type FirstLinkFixture = {
    accounts: FixtureAccount[];
    contacts: FixtureContact[];
    /** [account key, contact key] of every true pair. */
    pairs: [string, string][];
    /** True pairs no honest matcher can confirm alone (only a shared domain): review. */
    hardPairs: [string, string][];
};

const slug = (name: string) =>
    name
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '');

/** Base names: distinct, with no two sharing more than one word. */
function baseNames(): string[] {
    const names: string[] = [];
    for (let i = 0; i < FIRST.length * SECOND.length; i++)
        names.push(`${FIRST[i % FIRST.length]!} ${SECOND[Math.floor(i / FIRST.length)]!}`);
    // The accented ones among the pairs matched by name alone.
    names.splice(120, 0, ...ACCENTED);
    return names;
}

export function firstLinkFixture(): FirstLinkFixture {
    const r = generator(20261204);
    const names = baseNames();
    const accounts: FixtureAccount[] = [];
    const contacts: FixtureContact[] = [];
    const pairs: [string, string][] = [];
    const hardPairs: [string, string][] = [];
    let a = 0;
    let c = 0;
    const account = (x: Omit<FixtureAccount, 'key'>) => {
        const key = `a${String(++a).padStart(3, '0')}`;
        accounts.push({ key, ...x });
        return key;
    };
    const contact = (x: Omit<FixtureContact, 'key'>) => {
        const key = `c${String(++c).padStart(3, '0')}`;
        contacts.push({ key, ...x });
        return key;
    };
    const pair = (ak: string, ck: string) => pairs.push([ak, ck]);
    let n = 0;
    const nextName = () => names[n++]!;
    const person = (first: string, domain: string) => `${first.toLowerCase()}@${domain}`;
    const tax = (prefix: string, i: number) =>
        `${prefix}${String(310_000_000 + i * 7_919).slice(0, 9)}`;

    for (let i = 0; i < 147; i++) {
        const base = nextName();
        const land = COUNTRIES[i % COUNTRIES.length]!;
        const sfCountry = r.pick(land.sf);
        const [sfSuffix, zohoSuffix] = r.pick(SUFFIX_PAIRS);
        const sfName = `${base}${sfSuffix ? ` ${sfSuffix}` : ''}`;
        const zohoName = `${i % 3 === 0 ? base.toUpperCase() : base}${zohoSuffix}`;
        const domain = `${slug(base)}.${land.tax === 'US' ? 'com' : land.tax === 'GB' ? 'co.uk' : land.tax.toLowerCase()}`;
        const freeMail = person('owner', r.pick(FREE));
        if (i < 20) {
            // An earlier integration stored the Zoho id on the Account; nothing else agrees.
            const ck = contact({ name: zohoName, emails: [person('ap', r.pick(FREE))] });
            pair(account({ name: `${base} Group`, emails: [], zohoKey: ck }), ck);
        } else if (i < 35) {
            // Created by Closebooks: the contact holds the Account id. Five renamed since.
            const ak = account({ name: sfName, emails: [], country: sfCountry });
            const renamed = i < 25 ? `${nextName()} Holdings` : zohoName;
            pair(ak, contact({ name: renamed, emails: [freeMail], accountKey: ak }));
        } else if (i < 95) {
            // A variant of the name and the company domain on both sides.
            const website = r.pick([`https://www.${domain}/`, `http://${domain}`, `www.${domain}`]);
            const name = i % 5 === 0 ? `The ${sfName}` : sfName.replace(' & ', ' and ');
            const ak = account({
                name,
                website,
                emails: [person('buyer', domain)],
                country: sfCountry
            });
            pair(
                ak,
                contact({ name: zohoName, emails: [person('finance', domain)], country: land.zoho })
            );
        } else if (i < 120) {
            // Free mail only; the tax number agrees (formatted differently), the name words reordered.
            const number = tax(land.tax, i);
            const spaced = `${number.slice(0, 2)} ${number.slice(2, 5)} ${number.slice(5, 8)} ${number.slice(8)}`;
            const words = base.split(' ');
            const reordered = `${[...words.slice(1), words[0]].join(' ')} Trading`;
            const ak = account({
                name: `${base} Trading`,
                emails: [freeMail],
                country: sfCountry,
                taxNumber: spaced
            });
            pair(
                ak,
                contact({
                    name: reordered,
                    emails: [person('acc', r.pick(FREE))],
                    country: land.zoho,
                    taxNumber: number
                })
            );
        } else if (i < 143) {
            // The same name once normalised, the same country, free mail only.
            const ak = account({ name: sfName, emails: [freeMail], country: sfCountry });
            pair(
                ak,
                contact({
                    name: zohoName,
                    emails: [person('billing', r.pick(FREE))],
                    country: land.zoho
                })
            );
        } else {
            // Renamed, nothing stored: only the domain is shared. A person must decide.
            const ak = account({ name: sfName, website: domain, emails: [], country: sfCountry });
            const ck = contact({
                name: `${nextName()} Partners`,
                emails: [person('ar', domain)],
                country: land.zoho
            });
            pair(ak, ck);
            hardPairs.push([ak, ck]);
        }
    }

    // Traps. Two Acme companies: the American pair is real, the German Account and the British
    // contact are strangers to it and to each other.
    pair(
        account({ name: 'Acme Inc', emails: [], country: 'USA' }),
        contact({ name: 'ACME, Inc.', emails: [], country: 'U.S.A' })
    );
    account({ name: 'Acme GmbH', emails: [], country: 'Germany' });
    contact({ name: 'Acme Ltd', emails: [], country: 'United Kingdom' });
    // Subsidiaries sharing globex.com: two real pairs, one Account and one contact alone.
    pair(
        account({ name: 'Globex Logistics', website: 'globex.com', emails: [], country: 'USA' }),
        contact({ name: 'Globex Logistics LLC', emails: ['ap@globex.com'], country: 'U.S.A' })
    );
    pair(
        account({
            name: 'Globex Retail',
            website: 'https://globex.com',
            emails: [],
            country: 'USA'
        }),
        contact({ name: 'Globex Retail, Inc.', emails: ['retail@globex.com'], country: 'U.S.A' })
    );
    account({ name: 'Globex Holdings', website: 'globex.com', emails: [], country: 'USA' });
    contact({ name: 'Globex Finance', emails: ['finance@globex.com'], country: 'U.S.A' });
    // Homonyms in one country, each with its own domain.
    account({
        name: 'Summit Consulting',
        website: 'summitconsulting.com',
        emails: [],
        country: 'USA'
    });
    contact({
        name: 'Summit Consulting LLC',
        emails: ['hello@summit-advisors.com'],
        country: 'U.S.A'
    });
    // One name, one country, two tax numbers: two legal entities.
    account({
        name: 'Northwind Traders',
        emails: [],
        country: 'Germany',
        taxNumber: 'DE 811 111 111'
    });
    contact({
        name: 'Northwind Traders GmbH',
        emails: [],
        country: 'Germany',
        taxNumber: 'DE822222222'
    });

    // Strangers on both sides, half of them on free mail, until each side holds 200.
    while (accounts.length < 200) {
        const base = nextName();
        const free = accounts.length % 2 === 0;
        account({
            name: `${base} Studio`,
            emails: [person('info', free ? r.pick(FREE) : `${slug(base)}-studio.com`)],
            country: r.pick(COUNTRIES).sf[0]
        });
    }
    while (contacts.length < 200) {
        const base = nextName();
        const free = contacts.length % 2 === 0;
        contact({
            name: `${base} Works`,
            emails: [person('office', free ? r.pick(FREE) : `${slug(base)}works.com`)],
            country: r.pick(COUNTRIES).zoho
        });
    }
    return { accounts, contacts, pairs, hardPairs };
}
