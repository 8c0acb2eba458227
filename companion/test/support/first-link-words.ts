/** The first-link fixture's seeded generator and word lists (`first-link-fixture.ts`). */

/** mulberry32: small, seeded, the same sequence on every machine. */
export function generator(seed: number) {
    let s = seed >>> 0;
    const next = () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let t = s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return { pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

export const FIRST = [
    'Apex',
    'Birch',
    'Cobalt',
    'Delta',
    'Ember',
    'Fjord',
    'Granite',
    'Harbor',
    'Iris',
    'Juniper',
    'Kestrel',
    'Lumen',
    'Maple',
    'Nimbus',
    'Onyx',
    'Pioneer',
    'Quartz',
    'Redwood',
    'Sable',
    'Tundra',
    'Umber',
    'Vertex',
    'Willow',
    'Xenon',
    'Yarrow',
    'Zephyr',
    'Atlas',
    'Beacon',
    'Cascade',
    'Dune'
];
export const SECOND = [
    'Logistics',
    'Foods',
    'Analytics',
    'Robotics',
    'Textiles',
    'Pharma',
    'Ventures',
    'Energy',
    'Media',
    'Outfitters'
];
/** Names whose accents the other side leaves out. */
export const ACCENTED = [
    'Société Lumière',
    'Café Müller',
    'Björk Design',
    'Zoë Analytics',
    'Crème Brûlée Bakery',
    'Peña Hermanos',
    'Łódź Metals',
    'Ærø Shipping',
    'Ångström Optics',
    'Citroën Parts'
];
export const COUNTRIES = [
    { sf: ['USA', 'United States', 'US'], zoho: 'U.S.A', tax: 'US' },
    { sf: ['United Kingdom', 'UK'], zoho: 'United Kingdom', tax: 'GB' },
    { sf: ['Germany', 'Deutschland'], zoho: 'Germany', tax: 'DE' },
    { sf: ['France'], zoho: 'France', tax: 'FR' },
    { sf: ['Australia'], zoho: 'Australia', tax: 'AU' }
] as const;
export const SUFFIX_PAIRS: [string, string][] = [
    ['Inc', ', Inc.'],
    ['Ltd', ' Limited'],
    ['GmbH', ' GmbH'],
    ['LLC', ', L.L.C.'],
    ['Pty Ltd', ' Pty. Ltd.'],
    ['SARL', ' S.A.R.L.'],
    ['Corp', ' Corporation'],
    ['', ' Inc']
];
export const FREE = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'gmx.de'];
