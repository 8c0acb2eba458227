/** Every officially assigned ISO 3166-1 alpha-2 code. */
const CODES =
    `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX
MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL
TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/);

/** Names CLDR does not give in the languages below, or gives in a shape people do not type. */
const ALIASES: Record<string, string> = {
    usa: 'US',
    'u s a': 'US',
    'u s': 'US',
    america: 'US',
    'united states of america': 'US',
    uk: 'GB',
    'u k': 'GB',
    'great britain': 'GB',
    britain: 'GB',
    england: 'GB',
    scotland: 'GB',
    wales: 'GB',
    'northern ireland': 'GB',
    'united kingdom of great britain and northern ireland': 'GB',
    uae: 'AE',
    'the netherlands': 'NL',
    holland: 'NL',
    'czech republic': 'CZ',
    'russian federation': 'RU',
    'south korea': 'KR',
    'republic of korea': 'KR',
    'korea republic of': 'KR',
    'north korea': 'KP',
    'ivory coast': 'CI',
    'viet nam': 'VN',
    'iran islamic republic of': 'IR',
    'syrian arab republic': 'SY',
    'lao peoples democratic republic': 'LA',
    'bolivia plurinational state of': 'BO',
    'venezuela bolivarian republic of': 'VE',
    'tanzania united republic of': 'TZ',
    'moldova republic of': 'MD',
    macedonia: 'MK',
    'republic of north macedonia': 'MK',
    turkey: 'TR',
    turkiye: 'TR',
    burma: 'MM',
    'democratic republic of the congo': 'CD',
    'dr congo': 'CD',
    drc: 'CD',
    'republic of the congo': 'CG',
    'congo brazzaville': 'CG',
    'congo kinshasa': 'CD',
    'hong kong': 'HK',
    macau: 'MO',
    macao: 'MO',
    'vatican city': 'VA',
    'holy see': 'VA',
    swaziland: 'SZ',
    'cape verde': 'CV',
    'east timor': 'TL',
    'palestine state of': 'PS',
    'taiwan province of china': 'TW',
    'the bahamas': 'BS',
    'the gambia': 'GM',
    'saint kitts and nevis': 'KN',
    'saint lucia': 'LC',
    'saint vincent and the grenadines': 'VC',
    'bosnia and herzegovina': 'BA',
    'trinidad and tobago': 'TT',
    'antigua and barbuda': 'AG',
    'sao tome and principe': 'ST',
    eire: 'IE'
};

const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'nb', 'fi'];

/** Lower case, no accents, punctuation as spaces, `&` as `and`: "Côte d’Ivoire" → "cote d ivoire". */
function countryKey(name: string): string {
    return name
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/&/g, ' and ')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
}

/**
 * Country names in a dozen languages (from the runtime's CLDR data), each also without its
 * parenthesised part ("Myanmar (Burma)" → "Myanmar"), plus the aliases above. A name two codes
 * share is dropped: an ambiguous name must fail rather than be guessed.
 */
function buildTable(): Map<string, string> {
    const table = new Map<string, string>();
    const ambiguous = new Set<string>();
    const add = (name: string, code: string) => {
        const key = countryKey(name);
        const existing = table.get(key);
        if (existing !== undefined && existing !== code) ambiguous.add(key);
        else table.set(key, code);
    };
    for (const language of LANGUAGES) {
        const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
        for (const code of CODES) {
            const name = names.of(code);
            if (name === undefined) continue;
            add(name, code);
            add(name.replace(/\s*\(.*\)\s*/g, ' '), code);
        }
    }
    for (const key of ambiguous) table.delete(key);
    for (const [name, code] of Object.entries(ALIASES)) table.set(countryKey(name), code);
    for (const code of CODES) table.set(code.toLowerCase(), code);
    return table;
}

const TABLE = buildTable();

/** The ISO 3166-1 alpha-2 code of a country name or code, or undefined when not known. */
export function countryCode(name: string): string | undefined {
    return TABLE.get(countryKey(name));
}
