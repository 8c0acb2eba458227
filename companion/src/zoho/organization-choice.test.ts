import { describe, expect, it } from 'vitest';

import {
    organizationInUse,
    organizationToChoose,
    ZohoOrganizationNotChosenError
} from './organization-choice.ts';

const org = (id: string, isDefaultOrg?: boolean) => ({
    organization_id: id,
    ...(isDefaultOrg === undefined ? {} : { is_default_org: isDefaultOrg })
});

describe('organizationToChoose', () => {
    it('preselects the organization Zoho marks as the user’s default', () => {
        expect(organizationToChoose([org('1', false), org('2', true)], undefined)).toBe('2');
    });
    it('keeps the administrator’s choice on a reconnect that still reaches it', () => {
        expect(organizationToChoose([org('1', false), org('2', true)], '1')).toBe('1');
    });
    it('takes Zoho’s default when the chosen organization is no longer reached', () => {
        expect(organizationToChoose([org('1', false), org('2', true)], '9')).toBe('2');
    });
    it('takes the only organization even unmarked', () => {
        expect(organizationToChoose([org('1')], undefined)).toBe('1');
    });
    it('chooses none among several when Zoho marks none or more than one', () => {
        expect(organizationToChoose([org('1'), org('2')], undefined)).toBeUndefined();
        expect(organizationToChoose([org('1', true), org('2', true)], undefined)).toBeUndefined();
    });
});

describe('organizationInUse', () => {
    it('is the chosen one, else the only one', () => {
        const a = { id: 'a', isDefault: false };
        const b = { id: 'b', isDefault: true };
        expect(organizationInUse([a, b])).toBe(b);
        expect(organizationInUse([a])).toBe(a);
        expect(organizationInUse([])).toBeUndefined();
    });
    it('refuses to pick one of several when none is chosen', () => {
        const several = [
            { id: 'a', isDefault: false },
            { id: 'b', isDefault: false }
        ];
        expect(() => organizationInUse(several)).toThrow(ZohoOrganizationNotChosenError);
        expect(() => organizationInUse(several)).toThrow(/none is chosen.*Closebooks setup/);
    });
});
