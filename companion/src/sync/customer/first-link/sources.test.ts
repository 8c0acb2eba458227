import { describe, expect, it } from 'vitest';

import { contactSchema } from '../../../zoho/schemas/contacts.ts';
import { contactRecord } from './sources.ts';

const SCOPE = { salesforceOrgId: '00D000000000001EAA', legacy: false };

describe('contactRecord', () => {
    it('reads what the matcher compares from a full Zoho contact', () => {
        const contact = contactSchema.parse({
            contact_id: '460000000026049',
            contact_name: 'Bowman and Co',
            company_name: 'Bowman Furniture Ltd',
            website: 'www.bowmanfurniture.com',
            email: 'willsmith@bowmanfurniture.com',
            billing_address: { country: 'U.S.A' },
            vat_reg_no: 'GB123456789',
            contact_persons: [
                {
                    contact_person_id: '1',
                    first_name: 'Will',
                    email: 'willsmith@bowmanfurniture.com'
                },
                { contact_person_id: '2', first_name: 'Ann', email: 'ann@gmail.com' }
            ],
            custom_fields: [
                { api_name: 'cf_other', value: 'x' },
                { api_name: 'cf_salesforce_id', value: '00D000000000001EAA:001000000000001AAA' }
            ]
        });
        expect(contactRecord(contact, SCOPE)).toEqual({
            id: '460000000026049',
            name: 'Bowman and Co',
            companyName: 'Bowman Furniture Ltd',
            website: 'www.bowmanfurniture.com',
            emails: ['willsmith@bowmanfurniture.com', 'ann@gmail.com'],
            country: 'U.S.A',
            taxNumber: 'GB123456789',
            salesforceId: '001000000000001AAA'
        });
    });

    it('reads a GST or GCC tax number, and no Salesforce id when the field is blank or absent', () => {
        const gst = contactSchema.parse({
            contact_id: '1',
            contact_name: 'Tata',
            gst_no: '22AAAAA0000A1Z5',
            custom_fields: [{ api_name: 'cf_salesforce_id', value: '' }]
        });
        expect(contactRecord(gst, SCOPE)).toMatchObject({
            taxNumber: '22AAAAA0000A1Z5',
            emails: []
        });
        expect(contactRecord(gst, SCOPE).salesforceId).toBeFalsy();
    });
});
