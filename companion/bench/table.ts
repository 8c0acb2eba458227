import type { RunFigures } from './figures.ts';

/** A plain padded table of the figures that matter most, one row per run. */

const COLUMNS: [string, keyof RunFigures][] = [
    ['engine', 'engine'],
    ['backend', 'backend'],
    ['invoices', 'invoices'],
    ['dupes', 'duplicates'],
    ['zoho calls', 'zoho_calls'],
    ['/inv', 'zoho_calls_per_invoice'],
    ['429s', 'zoho_429s'],
    ['sf calls', 'sf_calls'],
    ['sim ms', 'wall_sim_ms'],
    ['floor ms', 'floor_ms'],
    ['×floor', 'wall_over_floor'],
    ['real ms', 'wall_real_ms'],
    ['p50 ms', 'latency_p50_ms'],
    ['p95 ms', 'latency_p95_ms'],
    ['burst p50', 'burst_latency_p50_ms'],
    ['burst p95', 'burst_latency_p95_ms'],
    ['rss MB', 'peak_rss_mb']
];

export function formatTable(rows: RunFigures[]): string {
    return formatRows(COLUMNS, rows);
}

/** A padded table of `columns` (title, key) of each row; the first two columns left-aligned. */
export function formatRows<R>(
    columns: readonly (readonly [string, keyof R])[],
    rows: readonly R[]
) {
    const cells = [
        columns.map(([title]) => title),
        ...rows.map((row) => columns.map(([, key]) => String(row[key])))
    ];
    const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) =>
        r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
    return [
        line(cells[0] ?? []),
        widths.map((w) => '-'.repeat(w)).join('  '),
        ...cells.slice(1).map(line)
    ].join('\n');
}
