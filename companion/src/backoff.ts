/**
 * Delay before retry number `attempt` (1 = the first retry): exponential from `baseMs`, capped
 * at `capMs`, with "equal jitter" (half fixed, half random) so that jobs failing together do not
 * retry together, while the delay never drops below half the exponential step.
 *
 * The one retry schedule of the companion: the job queue, the write-back rows, Zoho calls and
 * Salesforce lock retries all wait through it (each with its own base and cap).
 */
export function backoffMs(
    attempt: number,
    options: { baseMs?: number; capMs?: number; random?: () => number } = {}
): number {
    const base = options.baseMs ?? 2_000;
    const cap = options.capMs ?? 60 * 60_000;
    const random = options.random ?? Math.random;
    const exponential = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
    return Math.round(exponential / 2 + random() * (exponential / 2));
}
