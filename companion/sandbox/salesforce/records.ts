import type { SalesforceEvent } from '../../src/contracts/salesforce-events.ts';

/** A stored record: canonical API field names to JSON values, always with `Id`. */
export type SObjectRecord = Readonly<Record<string, unknown>> & { readonly Id: string };

/** One committed row change, as a trigger would see it (`Trigger.old` / `Trigger.new`). */
export type RecordChange = {
    object: string;
    id: string;
    before: SObjectRecord | undefined;
    after: SObjectRecord | undefined;
    userId: string;
};

/**
 * One transaction's undo log, change list and raised events. Every REST call is one transaction;
 * a composite call shares one. Rolling back (allOrNone) replays the undo log backwards to a
 * savepoint.
 */
export class Transaction {
    private readonly undo: Array<() => void> = [];
    readonly changes: RecordChange[] = [];
    readonly published: Array<{ object: string; record: SObjectRecord }> = [];
    /** Events the package's triggers handed to `CompanionEventService.send`, in order. */
    readonly events: SalesforceEvent[] = [];
    /**
     * The first event of each record and type (`recordId:type`), as CompanionEventService's
     * static map keeps it: a rollback to a savepoint leaves it, as Apex static state survives one.
     */
    readonly raised = new Map<string, SalesforceEvent>();

    savepoint(): { undo: number; changes: number; published: number; events: number } {
        return {
            undo: this.undo.length,
            changes: this.changes.length,
            published: this.published.length,
            events: this.events.length
        };
    }

    rollbackTo(point: ReturnType<Transaction['savepoint']>): void {
        while (this.undo.length > point.undo) this.undo.pop()?.();
        this.changes.length = point.changes;
        this.published.length = point.published;
        this.events.length = point.events;
    }

    rollback(): void {
        this.rollbackTo({ undo: 0, changes: 0, published: 0, events: 0 });
    }

    record(undo: () => void, change?: RecordChange): void {
        this.undo.push(undo);
        if (change) this.changes.push(change);
    }
}

/** Records per object, keyed by 18-character id. Every write goes through a transaction. */
export class RecordStore {
    private readonly tables = new Map<string, Map<string, SObjectRecord>>();
    private readonly objectOfId = new Map<string, string>();
    /** The recycle bin: deleted records (IsDeleted = true), seen by queryAll only. */
    private readonly recycleBin = new Map<string, { object: string; record: SObjectRecord }>();
    /**
     * Lookups by field value built on first use (object → `field|case` → value → ids) and kept
     * in step by every write and undo, so a unique-field check does not scan the table.
     */
    private readonly indexes = new Map<string, Map<string, Map<string, Set<string>>>>();

    private table(object: string): Map<string, SObjectRecord> {
        let table = this.tables.get(object);
        if (!table) {
            table = new Map();
            this.tables.set(object, table);
        }
        return table;
    }

    /** Writes (or, with no record, deletes) a row, keeping the object's indexes in step. */
    private setRow(object: string, id: string, record: SObjectRecord | undefined): void {
        const table = this.table(object);
        const indexes = this.indexes.get(object);
        const before = table.get(id);
        if (indexes)
            for (const [key, index] of indexes) {
                const [field = '', mode] = key.split('|');
                const old = indexValue(before?.[field], mode === 'cs');
                if (old !== undefined) index.get(old)?.delete(id);
                const now = indexValue(record?.[field], mode === 'cs');
                if (now === undefined) continue;
                const ids = index.get(now) ?? new Set<string>();
                ids.add(id);
                index.set(now, ids);
            }
        if (record) table.set(id, record);
        else table.delete(id);
    }

    /**
     * Ids of the records of `object` whose `field` holds `value` (compared as strings, ignoring
     * case unless `caseSensitive`); null and missing values are never found.
     */
    idsWith(object: string, field: string, value: string, caseSensitive: boolean): string[] {
        const key = `${field}|${caseSensitive ? 'cs' : 'ci'}`;
        let indexes = this.indexes.get(object);
        if (!indexes) {
            indexes = new Map();
            this.indexes.set(object, indexes);
        }
        let index = indexes.get(key);
        if (!index) {
            index = new Map();
            for (const record of this.tables.get(object)?.values() ?? []) {
                const v = indexValue(record[field], caseSensitive);
                if (v === undefined) continue;
                const ids = index.get(v) ?? new Set<string>();
                ids.add(record.Id);
                index.set(v, ids);
            }
            indexes.set(key, index);
        }
        const wanted = caseSensitive ? value : value.toLowerCase();
        return [...(index.get(wanted) ?? [])];
    }

    get(object: string, id: string): SObjectRecord | undefined {
        return this.tables.get(object)?.get(id);
    }

    /** The object an id belongs to, whatever its key prefix says. */
    objectOf(id: string): string | undefined {
        return this.objectOfId.get(id);
    }

    /** A deleted record still in the recycle bin, if the id names one. */
    deleted(id: string): { object: string; record: SObjectRecord } | undefined {
        return this.recycleBin.get(id);
    }

    allDeleted(object: string): SObjectRecord[] {
        return [...this.recycleBin.values()]
            .filter((d) => d.object === object)
            .map((d) => d.record);
    }

    all(object: string): SObjectRecord[] {
        return [...(this.tables.get(object)?.values() ?? [])];
    }

    count(object: string): number {
        return this.tables.get(object)?.size ?? 0;
    }

    put(tx: Transaction, object: string, record: SObjectRecord, userId: string): void {
        const before = this.table(object).get(record.Id);
        this.setRow(object, record.Id, record);
        this.objectOfId.set(record.Id, object);
        tx.record(
            () => {
                this.setRow(object, record.Id, before);
                if (!before) this.objectOfId.delete(record.Id);
            },
            { object, id: record.Id, before, after: record, userId }
        );
    }

    remove(tx: Transaction, object: string, id: string, userId: string): void {
        const before = this.table(object).get(id);
        if (!before) return;
        this.setRow(object, id, undefined);
        this.objectOfId.delete(id);
        this.recycleBin.set(id, { object, record: { ...before, IsDeleted: true } });
        tx.record(
            () => {
                this.setRow(object, id, before);
                this.objectOfId.set(id, object);
                this.recycleBin.delete(id);
            },
            { object, id, before, after: undefined, userId }
        );
    }
}

/** A field value as an index keeps it: its string form (lower case unless case-sensitive). */
function indexValue(value: unknown, caseSensitive: boolean): string | undefined {
    if (value === null || value === undefined) return undefined;
    return caseSensitive ? String(value) : String(value).toLowerCase();
}
