/**
 * Pure normalisers for matching customers across Salesforce and Zoho Books: company names,
 * e-mail and web domains, tax numbers and countries, so that spellings of one company compare
 * equal and spellings of two companies do not.
 */

/** Legal-form words dropped from the end of a name ("pty ltd" is two of them). */
const LEGAL_SUFFIXES = new Set([
    'inc',
    'incorporated',
    'corp',
    'corporation',
    'co',
    'company',
    'ltd',
    'limited',
    'llc',
    'llp',
    'lp',
    'plc',
    'pty',
    'pte',
    'gmbh',
    'ag',
    'kg',
    'sarl',
    'sa',
    'sas',
    'srl',
    'spa',
    'bv',
    'nv',
    'oy',
    'ab',
    'as',
    'aps'
]);

/** Abbreviations written both ways in customer names. */
const ABBREVIATIONS: Record<string, string> = {
    intl: 'international',
    mfg: 'manufacturing',
    svcs: 'services',
    svc: 'services',
    bros: 'brothers',
    assoc: 'associates',
    tech: 'technologies',
    technology: 'technologies',
    labs: 'laboratories',
    lab: 'laboratories'
};

/**
 * The words of a company name as compared: accents folded, lower case, punctuation gone
 * (dotted abbreviations like "S.A.R.L." joined first), "&" read as "and", then "and" and a
 * leading "the" dropped, common abbreviations spelled out and legal forms cut from the end.
 */
export function nameTokens(name: string): string[] {
    const folded = name
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/ß/g, 'ss')
        .replace(/&/g, ' and ')
        .replace(/\b(?:[a-z]\.){2,}/g, (m) => m.replace(/\./g, ''))
        .replace(/['’]/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, ' ');
    const words = folded
        .split(' ')
        .filter((w) => w.length > 0 && w !== 'and')
        .map((w) => ABBREVIATIONS[w] ?? w);
    if (words[0] === 'the' && words.length > 1) words.shift();
    while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
    return words;
}

/** The name as one comparable string ("ACME, Inc." and "Acme Inc" both give "acme"). */
export function normaliseName(name: string): string {
    return nameTokens(name).join(' ');
}

/** Providers whose addresses say nothing about the company behind them. */
const FREE_MAIL = new Set([
    'gmail.com',
    'googlemail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'yahoo.fr',
    'hotmail.com',
    'hotmail.co.uk',
    'outlook.com',
    'live.com',
    'msn.com',
    'aol.com',
    'icloud.com',
    'me.com',
    'mac.com',
    'proton.me',
    'protonmail.com',
    'gmx.de',
    'gmx.net',
    'web.de',
    't-online.de',
    'orange.fr',
    'free.fr',
    'laposte.net',
    'yandex.ru',
    'mail.ru',
    'qq.com',
    '163.com',
    'zoho.com',
    'zohomail.com',
    'rediffmail.com'
]);

/** A host without `www.`, lower case; undefined for a free-mail provider or nonsense. */
function companyDomain(host: string): string | undefined {
    const domain = host
        .trim()
        .toLowerCase()
        .replace(/\.$/, '')
        .replace(/^www\d?\./, '');
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return undefined;
    return FREE_MAIL.has(domain) ? undefined : domain;
}

/** The company domain of an e-mail address, or undefined (free mail, malformed). */
export function emailDomain(email: string): string | undefined {
    const at = email.lastIndexOf('@');
    return at < 1 ? undefined : companyDomain(email.slice(at + 1));
}

/** The domain of a website as typed ("https://www.acme.com/about", "acme.com"). */
export function websiteDomain(website: string): string | undefined {
    const host = website
        .trim()
        .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
        .split(/[/?#:]/)[0];
    return host ? companyDomain(host) : undefined;
}

/**
 * A tax number as compared: letters upper case, spaces and punctuation gone, and a leading
 * two-letter country prefix cut ("DE 123 456 789", "de123456789" and "123.456.789" agree).
 * Undefined when fewer than five characters remain.
 */
export function normaliseTaxNumber(value: string): string | undefined {
    const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const bare = /^[A-Z]{2}(?=[0-9])/.test(compact) ? compact.slice(2) : compact;
    return bare.length >= 5 ? bare : undefined;
}

const COUNTRY_ALIASES: Record<string, string> = {
    us: 'united states',
    usa: 'united states',
    'u s a': 'united states',
    'u s': 'united states',
    'united states of america': 'united states',
    america: 'united states',
    uk: 'united kingdom',
    'u k': 'united kingdom',
    gb: 'united kingdom',
    'great britain': 'united kingdom',
    england: 'united kingdom',
    de: 'germany',
    deutschland: 'germany',
    fr: 'france',
    au: 'australia',
    in: 'india',
    ca: 'canada',
    nl: 'netherlands',
    'the netherlands': 'netherlands',
    holland: 'netherlands'
};

/** A country as compared ("U.S.A", "US" and "United States" agree); undefined when blank. */
export function normaliseCountry(value: string): string | undefined {
    const plain = value
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z]+/g, ' ')
        .trim();
    if (!plain) return undefined;
    return COUNTRY_ALIASES[plain] ?? plain;
}
