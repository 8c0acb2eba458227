/**
 * The demo data set as pure values: readable account names, a fixed product catalogue and the
 * line items of each deal, all derived from indexes so every run seeds the same records.
 */

export type AccountPlan = { name: string; country: 'Germany' | 'United States' };
export type ProductPlan = {
    name: string;
    productCode: string;
    price: number;
    taxCategory: 'STANDARD' | 'REDUCED';
};
export type LinePlan = { product: number; quantity: number; discount?: number };
export type DealPlan = { name: string; account: number; stage: string; lines: LinePlan[] };

const COMPANIES = [
    'Acme',
    'Globex',
    'Initech',
    'Umbrella',
    'Stark',
    'Wayne',
    'Hooli',
    'Vandelay',
    'Soylent',
    'Tyrell',
    'Cyberdyne',
    'Wonka',
    'Oscorp',
    'Aperture',
    'Nakatomi',
    'Pied Piper',
    'Massive Dynamic',
    'Monarch',
    'Dunder Mifflin',
    'Gekko'
];
const SUFFIXES = { Germany: ['GmbH', 'AG'], 'United States': ['Inc.', 'LLC'] } as const;

export const PRODUCTS: readonly ProductPlan[] = [
    { name: 'Annual License', productCode: 'LIC-ANN', price: 1200, taxCategory: 'STANDARD' },
    { name: 'Consulting Hour', productCode: 'CONS-HR', price: 150, taxCategory: 'STANDARD' },
    { name: 'Onboarding Package', productCode: 'ONB-PKG', price: 2500, taxCategory: 'STANDARD' },
    { name: 'Printed Manual', productCode: 'DOC-MAN', price: 35, taxCategory: 'REDUCED' },
    { name: 'Support Plan', productCode: 'SUP-STD', price: 600, taxCategory: 'STANDARD' },
    { name: 'Training Day', productCode: 'TRN-DAY', price: 900, taxCategory: 'STANDARD' },
    { name: 'E-Book Bundle', productCode: 'DOC-EBK', price: 25, taxCategory: 'REDUCED' },
    { name: 'Hardware Kit', productCode: 'HW-KIT', price: 450, taxCategory: 'STANDARD' },
    { name: 'Event Catering', productCode: 'CAT-FOOD', price: 300, taxCategory: 'REDUCED' },
    { name: 'Data Migration', productCode: 'MIG-DATA', price: 1800, taxCategory: 'STANDARD' },
    { name: 'Implementation', productCode: 'IMP-STD', price: 5000, taxCategory: 'STANDARD' },
    { name: 'Premium Support', productCode: 'SUP-PRM', price: 1500, taxCategory: 'STANDARD' }
];

/** Open stages the deals start in (none of them won). */
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review'];

/** One account per five deals (at least one), so customers recur as they do in real books. */
export function accountCount(deals: number): number {
    return Math.max(1, Math.ceil(deals / 5));
}

/** "Acme GmbH", "Globex Inc.", …, "Acme AG", …, "Acme 2 GmbH": unique for every index. */
export function accountPlan(index: number): AccountPlan {
    const company = COMPANIES[index % COMPANIES.length] as string;
    const round = Math.floor(index / COMPANIES.length);
    const country = index % 2 === 0 ? 'Germany' : 'United States';
    const suffix = SUFFIXES[country][round % 2] as string;
    const number = round >= 2 ? ` ${Math.floor(round / 2) + 1}` : '';
    return { name: `${company}${number} ${suffix}`, country };
}

/** Deal i: 1–3 distinct products, quantities 1–5, a 10 % discount on every fourth line. */
export function dealPlan(index: number, accounts: number): DealPlan {
    const lines: LinePlan[] = [];
    for (let k = 0; k <= index % 3; k++) {
        const line: LinePlan = {
            product: (index * 7 + k * 5) % PRODUCTS.length,
            quantity: 1 + ((index + k) % 5)
        };
        if ((index + k) % 4 === 0) line.discount = 10;
        lines.push(line);
    }
    return {
        name: `Deal ${String(index + 1).padStart(4, '0')}`,
        account: index % accounts,
        stage: OPEN_STAGES[index % OPEN_STAGES.length] as string,
        lines
    };
}
