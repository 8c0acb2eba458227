/** Salesforce Contacts ↔ Zoho contact persons (F2): what the rest of the companion calls. */
export { CONTACT_PERSON_JOB, createContactPersonFlow, type SyncOutcome } from './flow.ts';
export {
    reconcileContactPersons,
    type ContactPersonDeps,
    type ReconcileOutcome,
    type ReconcileRequest
} from './reconcile.ts';
