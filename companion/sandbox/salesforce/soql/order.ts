import type { Key } from './where.ts';

export type OrderSpec = { descending: boolean; nullsLast: boolean };

/**
 * Sorts `items` in place as ORDER BY does: by each item's keys in turn (computed once per
 * item), each ascending or descending, with nulls first or last as the clause says.
 */
export function sortByKeys<T>(
    items: T[],
    order: readonly OrderSpec[],
    keysOf: (item: T) => readonly Key[]
): void {
    if (order.length === 0) return;
    const keys = new Map(items.map((item) => [item, keysOf(item)]));
    items.sort((a, b) => {
        for (const [i, { descending, nullsLast }] of order.entries()) {
            const x = keys.get(a)?.[i] ?? null;
            const y = keys.get(b)?.[i] ?? null;
            if (x === y) continue;
            if (x === null) return nullsLast ? 1 : -1;
            if (y === null) return nullsLast ? -1 : 1;
            return (x < y ? -1 : 1) * (descending ? -1 : 1);
        }
        return 0;
    });
}
