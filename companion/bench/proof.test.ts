import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
    PROOF_END,
    PROOF_START,
    renderProof,
    replaceProof,
    verdict,
    type ProofFiles
} from './proof.ts';
import { formatReadme, README, readProofFiles } from './proof-files.ts';

const burstRow = (engine: string, backend: string, perInvoice: number) => ({
    scenario: 'month-end-burst',
    engine,
    backend,
    invoices: 1000,
    duplicates: 0,
    zoho_calls_per_invoice: perInvoice,
    wall_over_floor: 1.03,
    zoho_429s: engine === 'naive' ? 95 : 0,
    sf_calls_per_invoice: 0.009,
    latency_p50_ms: 54,
    latency_p95_ms: 62,
    peak_rss_mb: 846.4,
    clock_scale: 5
});

const files = (): ProofFiles => ({
    bench: {
        date: '2026-12-04T22:06:55.431Z',
        commit: '61cbd848362d6cbf26cc64da3bc060611509e954',
        machine: { cores: 2, memory_gb: 23.5, node: 'v20.20.2' },
        results: [
            burstRow('closebooks', 'pglite', 1.004),
            burstRow('closebooks', 'postgres', 1.03),
            burstRow('naive', 'none', 2)
        ]
    }
});

describe('the README proof figures', () => {
    it('agree with the committed results files (run `npm run proof` after a measurement)', async () => {
        const readme = readFileSync(README, 'utf8');
        const next = await formatReadme(replaceProof(readme, renderProof(readProofFiles())));
        expect(next).toBe(readme);
    });

    it('judge the worst closebooks backend against each target, beside the naive run', () => {
        const block = renderProof(files());
        expect(block).toContain('| Zoho calls per invoice | ≤ 1.02 | 1.03 | 2 | misses by 1% |');
        expect(block).toContain('| Zoho 429s | ≤ 0 | 0 | 95 | meets |');
        expect(block).toContain('commit 61cbd84, 2 cores, 23.5 GB, Node v20.20.2');
    });

    it('judge every other scenario against its targets, row by row, and say when it was measured', () => {
        const block = renderProof({
            bench: {
                ...files().bench,
                results: [
                    {
                        scenario: 'ingest',
                        engine: 'closebooks',
                        backend: 'postgres',
                        ratio: 0.2,
                        companion_p99_ms: 40,
                        lost: 0,
                        measured_at: '2026-12-05T01:02:03.000Z',
                        commit: 'abcdef0123'
                    }
                ]
            }
        });
        expect(block).toContain('**ingest** (measured 2026-12-05 01:02 UTC, commit abcdef0):');
        expect(block).toContain(
            '| ingest req/s ÷ bare Hono | ≥ 0.25 | closebooks postgres | 0.2 | misses by 20% |'
        );
        expect(block).toContain('| ingest p99 ms | ≤ 50 | closebooks postgres | 40 | meets |');
    });

    it('say how far a figure misses, in the direction that matters', () => {
        expect(verdict(1.1, 1.05, 'lower')).toBe('misses by 5%');
        expect(verdict(0.2, 0.25, 'higher')).toBe('misses by 20%');
        expect(verdict(0.3, 0.25, 'higher')).toBe('meets');
        expect(verdict(3, 0, 'lower')).toBe('misses (3)');
    });

    it('replace only the block between the markers, and refuse a README without them', () => {
        const readme = `# Title\n\n${PROOF_START}\nold\n${PROOF_END}\n\nafter\n`;
        expect(replaceProof(readme, 'NEW')).toBe('# Title\n\nNEW\n\nafter\n');
        expect(() => replaceProof('# no markers', 'NEW')).toThrow(/no proof markers/);
    });
});
