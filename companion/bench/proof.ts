import { z } from 'zod';

/**
 * The README's "Proof" figures, rendered from the results files the benchmark, the chaos run and
 * the fuzzer write (bench/results/*.json), so the README and the JSON cannot disagree: `npm run
 * proof` writes the block between the markers, and a unit test fails when it is out of date.
 */

export const PROOF_START = '<!-- proof:start (written by `npm run proof` from bench/results) -->';
export const PROOF_END = '<!-- proof:end -->';

const info = z.object({
    date: z.string(),
    commit: z.string().optional(),
    machine: z
        .object({
            cores: z.number(),
            cpu: z.string().optional(),
            memory_gb: z.number(),
            node: z.string()
        })
        .optional()
});

const burst = z.object({
    scenario: z.literal('month-end-burst'),
    engine: z.string(),
    backend: z.string(),
    invoices: z.number(),
    duplicates: z.number(),
    zoho_calls_per_invoice: z.number(),
    wall_over_floor: z.number(),
    zoho_429s: z.number(),
    sf_calls_per_invoice: z.number(),
    latency_p50_ms: z.number(),
    latency_p95_ms: z.number(),
    peak_rss_mb: z.number(),
    clock_scale: z.number(),
    measured_at: z.string().optional(),
    commit: z.string().optional()
});
export type BurstRow = z.infer<typeof burst>;

export const benchFileSchema = info.extend({
    results: z.array(z.looseObject({ scenario: z.string() }))
});

export const chaosFileSchema = info.extend({
    reports: z.array(
        z.object({
            backend: z.string(),
            processes: z.number(),
            deals: z.number(),
            kills: z.number(),
            scale: z.number().optional(),
            invoices: z.number(),
            duplicateInvoices: z.number(),
            missingInvoices: z.number(),
            notWrittenBack: z.number(),
            duplicateCustomers: z.number(),
            journalGaps: z.number(),
            seconds: z.number(),
            ok: z.boolean(),
            measured_at: z.string().optional(),
            commit: z.string().optional()
        })
    )
});

export const fuzzFileSchema = info.extend({
    backend: z.string(),
    seed: z.number(),
    http: z.object({
        cases: z.number(),
        routes: z.number(),
        seconds: z.number(),
        violation: z.unknown()
    }),
    mapping: z.object({ casesPerProperty: z.number(), passed: z.boolean() })
});

export type ProofFiles = {
    bench: z.infer<typeof benchFileSchema>;
    chaos?: z.infer<typeof chaosFileSchema>;
    fuzz?: z.infer<typeof fuzzFileSchema>;
};

type Info = z.infer<typeof info>;

/** `2026-12-04 22:06 UTC, commit 61cbd84`: when, and at which commit, something was measured. */
const stamp = (date: string, commit: unknown) =>
    `${date.slice(0, 16).replace('T', ' ')} UTC${typeof commit === 'string' ? `, commit ${commit.slice(0, 7)}` : ''}`;

const when = (file: Info) => {
    const machine = file.machine
        ? `, ${file.machine.cores} cores${file.machine.cpu ? ` (${file.machine.cpu})` : ''}, ${file.machine.memory_gb} GB, Node ${file.machine.node}`
        : '';
    return `${stamp(file.date, file.commit)}${machine}`;
};

/** `; measured 2026-12-04 22:06 UTC, commit 61cbd84` for a row that says when it was measured. */
const measuredAt = (row: Record<string, unknown> | undefined) =>
    row && typeof row.measured_at === 'string'
        ? `; measured ${stamp(row.measured_at, row.commit)}`
        : '';

const table = (head: string[], rows: (string | number)[][]) =>
    [
        `| ${head.join(' | ')} |`,
        `|${head.map(() => '---').join('|')}|`,
        ...rows.map((r) => `| ${r.join(' | ')} |`)
    ].join('\n');

/** "meets" or how far off: `misses by 12%` of the target, in the direction that matters. */
export function verdict(value: number, target: number, better: 'lower' | 'higher'): string {
    const ok = better === 'lower' ? value <= target : value >= target;
    if (ok) return 'meets';
    const off = Math.abs(value - target) / (target === 0 ? 1 : Math.abs(target));
    return target === 0 ? `misses (${value})` : `misses by ${Math.round(off * 100)}%`;
}

function burstSection(rows: BurstRow[]): string[] {
    if (rows.length === 0) return [];
    const closebooks = rows.filter((r) => r.engine === 'closebooks');
    const naive = rows.find((r) => r.engine === 'naive');
    const scale = rows[0]?.clock_scale;
    const worst = (key: keyof BurstRow, better: 'lower' | 'higher') =>
        closebooks
            .map((r) => Number(r[key]))
            .reduce((a, b) => (better === 'lower' ? Math.max(a, b) : Math.min(a, b)));
    const checks: [string, keyof BurstRow, number, 'lower' | 'higher'][] = [
        ['Zoho calls per invoice', 'zoho_calls_per_invoice', 1.02, 'lower'],
        ['wall ÷ floor', 'wall_over_floor', 1.05, 'lower'],
        ['Zoho 429s', 'zoho_429s', 0, 'lower']
    ];
    return [
        `**Month-end burst** (${rows[0]?.invoices ?? 0} won deals at once, Zoho limited to 100 calls a minute, clock scale ${scale}${measuredAt(rows[0])}):`,
        '',
        table(
            [
                'engine',
                'backend',
                'invoices',
                'duplicates',
                'Zoho calls/invoice',
                'wall ÷ floor',
                '429s',
                'SF calls/invoice',
                'idle p50/p95 ms',
                'peak RSS MB'
            ],
            rows.map((r) => [
                r.engine,
                r.backend,
                r.invoices,
                r.duplicates,
                r.zoho_calls_per_invoice,
                r.wall_over_floor,
                r.zoho_429s,
                r.sf_calls_per_invoice,
                `${r.latency_p50_ms}/${r.latency_p95_ms}`,
                r.peak_rss_mb
            ])
        ),
        '',
        table(
            ['target', 'goal', 'closebooks (worst backend)', 'naive', 'verdict'],
            checks.map(([title, key, goal, better]) => {
                const value = closebooks.length > 0 ? worst(key, better) : Number.NaN;
                return [
                    title,
                    `${better === 'lower' ? '≤' : '≥'} ${goal}`,
                    value,
                    naive ? Number(naive[key]) : '—',
                    closebooks.length > 0 ? verdict(value, goal, better) : 'not run'
                ];
            })
        )
    ];
}

function chaosSection(file: NonNullable<ProofFiles['chaos']>): string[] {
    return [
        `**Chaos** (${when(file)}):`,
        '',
        table(
            [
                'backend',
                'processes',
                'deals',
                'kills',
                'clock scale',
                'invoices',
                'duplicates',
                'missing',
                'not written back',
                'duplicate customers',
                'journal gaps',
                'seconds',
                'verdict',
                'measured'
            ],
            file.reports.map((r) => [
                r.backend,
                r.processes,
                r.deals,
                r.kills,
                r.scale ?? '—',
                r.invoices,
                r.duplicateInvoices,
                r.missingInvoices,
                r.notWrittenBack,
                r.duplicateCustomers,
                r.journalGaps,
                r.seconds,
                r.ok ? 'clean' : 'FAILED',
                r.measured_at ? stamp(r.measured_at, r.commit) : '—'
            ])
        )
    ];
}

function fuzzSection(file: NonNullable<ProofFiles['fuzz']>): string[] {
    const violation = file.http.violation ? 'a violation (see the file)' : 'no violation';
    return [
        `**Fuzz** (${when(file)}): ${file.http.cases} HTTP cases over ${file.http.routes} routes on ${file.backend}, seed ${file.seed}, ${violation}, ${file.http.seconds} s; mapping rules engine ${file.mapping.casesPerProperty} cases per property, ${file.mapping.passed ? 'all passed' : 'FAILED'}.`
    ];
}

/** A figure a scenario must meet (DESIGN §8, issue #18), checked on every row that has it. */
export type Target = {
    scenario: string;
    key: string;
    title: string;
    goal: number;
    better: 'lower' | 'higher';
};

export const TARGETS: Target[] = [
    {
        scenario: 'webhook',
        key: 'latency_p95_ms',
        title: 'webhook → Salesforce p95 ms (idle)',
        goal: 2000,
        better: 'lower'
    },
    {
        scenario: 'ingest',
        key: 'ratio',
        title: 'ingest req/s ÷ bare Hono',
        goal: 0.25,
        better: 'higher'
    },
    {
        scenario: 'ingest',
        key: 'companion_p99_ms',
        title: 'ingest p99 ms',
        goal: 50,
        better: 'lower'
    },
    {
        scenario: 'ingest',
        key: 'lost',
        title: 'webhooks accepted but not stored',
        goal: 0,
        better: 'lower'
    },
    {
        scenario: 'reconcile',
        key: 'zoho_calls_over_floor',
        title: 'Zoho calls ÷ page floor',
        goal: 1.02,
        better: 'lower'
    },
    {
        scenario: 'rss',
        key: 'companion_rss_ratio',
        title: "companion process's peak RSS at 10× ÷ at 1× (flat)",
        goal: 1.25,
        better: 'lower'
    },
    {
        scenario: 'rss',
        key: 'companion_heap_ratio',
        title: "companion process's held heap growth at 10× ÷ at 1× (flat)",
        goal: 1.25,
        better: 'lower'
    }
];

type Row = { scenario: string } & Record<string, unknown>;

const scalar = (value: unknown): value is string | number | boolean =>
    ['string', 'number', 'boolean'].includes(typeof value);

/** Every other scenario: one table each, the columns its rows carry, then its targets. */
function scenarioSection(name: string, rows: Row[], targets: Target[]): string[] {
    const keys = [
        ...new Set(
            rows.flatMap((r) =>
                Object.keys(r).filter(
                    (k) => !['scenario', 'measured_at', 'commit'].includes(k) && scalar(r[k])
                )
            )
        )
    ];
    const checks = targets.flatMap((t) =>
        rows.flatMap((r) => {
            const value = r[t.key];
            if (typeof value !== 'number') return [];
            const who = [r.engine, r.backend].filter((x) => typeof x === 'string').join(' ');
            return [
                [
                    t.title,
                    `${t.better === 'lower' ? '≤' : '≥'} ${t.goal}`,
                    who,
                    value,
                    verdict(value, t.goal, t.better)
                ]
            ];
        })
    );
    const measured = measuredAt(rows[0]);
    return [
        '',
        `**${name}**${measured ? ` (${measured.slice(2)})` : ''}:`,
        '',
        table(
            keys,
            rows.map((r) => keys.map((k) => (scalar(r[k]) ? String(r[k]) : '—')))
        ),
        ...(checks.length > 0
            ? ['', table(['target', 'goal', 'run', 'value', 'verdict'], checks)]
            : [])
    ];
}

/** The generated block, markers included. */
export function renderProof(files: ProofFiles): string {
    const bursts = files.bench.results.flatMap((r) => {
        const parsed = burst.safeParse(r);
        return parsed.success ? [parsed.data] : [];
    });
    const others = new Map<string, Row[]>();
    for (const row of files.bench.results as Row[])
        if (row.scenario !== 'month-end-burst')
            others.set(row.scenario, [...(others.get(row.scenario) ?? []), row]);
    const parts = [
        `Benchmark, last run: ${when(files.bench)}. Every figure is measured against the sandbox simulators; each scenario says when it was measured.`,
        '',
        ...burstSection(bursts),
        ...[...others].flatMap(([name, rows]) =>
            scenarioSection(
                name,
                rows,
                TARGETS.filter((t) => t.scenario === name)
            )
        ),
        ...(files.chaos ? ['', ...chaosSection(files.chaos)] : []),
        ...(files.fuzz ? ['', ...fuzzSection(files.fuzz)] : [])
    ];
    return [PROOF_START, '', ...parts, '', PROOF_END].join('\n');
}

/** The README with its proof block replaced; throws when the markers are missing. */
export function replaceProof(readme: string, block: string): string {
    const start = readme.indexOf(PROOF_START);
    const end = readme.indexOf(PROOF_END);
    if (start < 0 || end < start) throw new Error('README.md has no proof markers');
    return readme.slice(0, start) + block + readme.slice(end + PROOF_END.length);
}
