/**
 * Zoho's list rows usually carry the customer and the exchange rate, but its own documented
 * examples leave them out of some rows (the OAS examples the schemas are tested against). A
 * flow that needs such a field reads that row's record in full rather than guess.
 */
export async function completeRows<
    R extends Partial<Record<K, unknown>>,
    K extends string,
    F extends Record<K, unknown>
>(
    rows: readonly R[],
    keys: readonly K[],
    idOf: (row: R) => string,
    get: (id: string) => Promise<F>
): Promise<(R & Pick<F, K>)[]> {
    const out: (R & Pick<F, K>)[] = [];
    for (const row of rows) {
        if (keys.every((key) => row[key] !== undefined)) {
            out.push(row as R & Pick<F, K>);
            continue;
        }
        const full = await get(idOf(row));
        const missing = Object.fromEntries(keys.map((key) => [key, row[key] ?? full[key]]));
        out.push({ ...row, ...missing } as R & Pick<F, K>);
    }
    return out;
}
