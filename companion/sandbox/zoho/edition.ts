import { zohoErrors } from './errors.ts';
import type { Edition } from './state.ts';

/**
 * Country-edition fields (reference §6.7, §9.13): accepted only in the edition that has them,
 * refused with code 2 elsewhere; enumerated values are checked too.
 */
const FIELDS: Record<string, { editions: Edition[]; values?: string[]; pattern?: RegExp }> = {
    gst_treatment: {
        editions: ['in'],
        values: ['business_gst', 'business_none', 'overseas', 'consumer']
    },
    gst_no: { editions: ['in'], pattern: /^[0-9A-Z]{15}$/ },
    place_of_contact: { editions: ['in'] },
    place_of_supply: { editions: ['in', 'gcc'] },
    vat_treatment: {
        editions: ['uk'],
        values: ['uk', 'eu_vat_registered', 'overseas', 'eu_vat_not_registered', 'non_eu']
    },
    vat_reg_no: { editions: ['uk'], pattern: /^[0-9A-Za-z]{2,12}$/ },
    tax_treatment: {
        editions: ['gcc'],
        values: [
            'vat_registered',
            'vat_not_registered',
            'gcc_vat_registered',
            'gcc_vat_not_registered',
            'non_gcc',
            'dz_vat_registered',
            'dz_vat_not_registered'
        ]
    },
    tax_reg_no: { editions: ['gcc'], pattern: /^\d{15}$/ },
    tax_authority_id: { editions: ['us'] },
    tax_exemption_id: { editions: ['us', 'in'] },
    tax_specific_type: { editions: ['in'], values: ['igst', 'cgst', 'sgst', 'nil', 'cess'] },
    country_code: { editions: ['uk', 'eu', 'gcc', 'global'], pattern: /^[A-Z]{2}$/ }
};

/** Picks the edition fields present in `body` (among `allowed`), refusing those of other editions. */
export function editionFields(
    edition: Edition,
    body: Record<string, unknown>,
    allowed: string[]
): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of allowed) {
        const value = body[name];
        if (value === undefined) continue;
        const rule = FIELDS[name];
        if (!rule || !rule.editions.includes(edition)) throw zohoErrors.invalidValue(name);
        if (typeof value !== 'string') throw zohoErrors.invalidValue(name);
        if (rule.values && !rule.values.includes(value)) throw zohoErrors.invalidValue(name);
        if (rule.pattern && !rule.pattern.test(value)) throw zohoErrors.invalidValue(name);
        out[name] = value;
    }
    return out;
}
