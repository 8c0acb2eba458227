import { describe, expect, it } from 'vitest';

import { RecordStore, Transaction } from './records.ts';

describe('RecordStore.idsWith', () => {
    it('finds a value as writes, deletes and rollbacks leave it', () => {
        const store = new RecordStore();
        const tx = new Transaction();
        store.put(tx, 'Zoho_Invoice__c', { Id: 'a1', Zoho_Invoice_Id__c: 'INV-1' }, 'u');
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'inv-1', false)).toEqual([
            'a1'
        ]);
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'inv-1', true)).toEqual([]);

        const later = new Transaction();
        store.put(later, 'Zoho_Invoice__c', { Id: 'a1', Zoho_Invoice_Id__c: 'INV-2' }, 'u');
        store.put(later, 'Zoho_Invoice__c', { Id: 'a2', Zoho_Invoice_Id__c: 'INV-1' }, 'u');
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'INV-1', true)).toEqual([
            'a2'
        ]);
        later.rollback();
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'INV-1', true)).toEqual([
            'a1'
        ]);
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'INV-2', true)).toEqual([]);

        const removal = new Transaction();
        store.remove(removal, 'Zoho_Invoice__c', 'a1', 'u');
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'INV-1', true)).toEqual([]);
        removal.rollback();
        expect(store.idsWith('Zoho_Invoice__c', 'Zoho_Invoice_Id__c', 'INV-1', true)).toEqual([
            'a1'
        ]);
    });

    it('never finds a null or missing value', () => {
        const store = new RecordStore();
        const tx = new Transaction();
        store.put(tx, 'Account', { Id: 'b1', Ext__c: null }, 'u');
        store.put(tx, 'Account', { Id: 'b2' }, 'u');
        expect(store.idsWith('Account', 'Ext__c', 'null', false)).toEqual([]);
        expect(store.idsWith('Account', 'Ext__c', 'undefined', false)).toEqual([]);
    });
});
