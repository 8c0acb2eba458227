import { describe, expect, it } from 'vitest';

import type { MappingRule } from '../../mapping/rules.ts';
import { planCreate, planPair } from './plan.ts';

const rule = (
    sourceField: string,
    targetField: string,
    fieldOwner: MappingRule['fieldOwner'],
    transform: string | null = null
): MappingRule => ({
    name: `Contact_${sourceField}`,
    sourceObject: 'Contact',
    sourceField,
    targetObject: 'zoho_contact_person',
    targetField,
    direction: 'Both',
    fieldOwner,
    condition: null,
    transform,
    sortOrder: 0,
    active: true
});

/** As the package ships them (customMetadata/Closebooks_Field_Mapping.Contact_*). */
const RULES = [
    rule('FirstName', 'first_name', 'Salesforce'),
    rule('LastName', 'last_name', 'Salesforce'),
    rule('Email', 'email', 'Last_Write_Wins', 'lower'),
    rule('Phone', 'phone', 'Last_Write_Wins')
];

const ann = { FirstName: 'Ann', LastName: 'Lee', Email: 'ann@acme.test', Phone: '1' };
const annPerson = { first_name: 'Ann', last_name: 'Lee', email: 'ann@acme.test', phone: '1' };
const agreed = { first_name: 'Ann', last_name: 'Lee', email: 'ann@acme.test', phone: '1' };

describe('planPair', () => {
    it('writes nothing when both sides still hold what they agreed on', () => {
        const plan = planPair({
            rules: RULES,
            contact: ann,
            contactModifiedMs: 2_000,
            person: annPerson,
            personModifiedMs: 1_000,
            baseline: agreed,
            windowMs: 60_000
        });
        expect(plan).toEqual({
            toZoho: {},
            toSalesforce: {},
            conflicts: [],
            problems: [],
            baseline: agreed
        });
    });

    it('settles on a Zoho spelling the lower transform would change, without sending it back', () => {
        const first = planPair({
            rules: RULES,
            contact: ann,
            contactModifiedMs: 1_000,
            person: { ...annPerson, email: 'Ann.Lee@Acme.test' },
            personModifiedMs: 5_000,
            baseline: agreed,
            windowMs: 60_000
        });
        expect(first.toSalesforce).toEqual({ Email: 'Ann.Lee@Acme.test' });
        expect(first.toZoho).toEqual({});
        const again = planPair({
            rules: RULES,
            contact: { ...ann, ...first.toSalesforce },
            contactModifiedMs: 6_000,
            person: { ...annPerson, email: 'Ann.Lee@Acme.test' },
            personModifiedMs: 5_000,
            baseline: first.baseline,
            windowMs: 60_000
        });
        expect([again.toZoho, again.toSalesforce]).toEqual([{}, {}]);
    });

    it('keeps a Zoho first name when the Contact loses its own, and says why', () => {
        const plan = planPair({
            rules: RULES,
            contact: { ...ann, FirstName: null },
            contactModifiedMs: 5_000,
            person: annPerson,
            personModifiedMs: 1_000,
            baseline: agreed,
            windowMs: 60_000
        });
        expect(plan.toZoho).toEqual({});
        expect(plan.problems.map((p) => p.code)).toEqual(['first_name_required']);
    });
});

describe('planCreate', () => {
    it('sends every mapped value that may flow to Zoho, transformed', () => {
        const plan = planCreate(RULES, { ...ann, Email: 'Ann@Acme.test', Phone: null });
        expect(plan).toEqual({
            ok: true,
            body: { first_name: 'Ann', last_name: 'Lee', email: 'ann@acme.test' },
            baseline: { first_name: 'Ann', last_name: 'Lee', email: 'ann@acme.test' }
        });
    });

    it('refuses a Contact without a first name, which Zoho would reject', () => {
        const plan = planCreate(RULES, { ...ann, FirstName: null });
        expect(plan.ok).toBe(false);
    });
});
