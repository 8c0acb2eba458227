/** The average life of a companion process between kills (real ms), and never less. */
export const MIN_LIFE_MS = 2_000;

/**
 * The share of the burst's floor the kills are spread over. The kills stop once every deal is
 * written back, and a burst can end at its floor, so they are fitted into the first three
 * quarters of it: all of them strike.
 */
export const KILL_SPAN = 0.75;

/** The burst's floor in simulated ms: `deals` invoices at Zoho's 100 calls a minute. */
const floorMs = (deals: number) => (deals / 100) * 60_000;

/**
 * The clock scale that spreads `kills` over a burst of `deals`: each process lives MIN_LIFE_MS
 * on average and `processes` share the kills, so the kills take kills × MIN_LIFE_MS ÷ processes
 * real ms; KILL_SPAN of the burst's floor is made to last that long. Capped at 10.
 */
export function chaosScale(deals: number, kills: number, processes: number): number {
    const killsMs = (Math.max(1, kills) * MIN_LIFE_MS) / Math.max(1, processes);
    return Math.min(10, Math.round(((floorMs(deals) * KILL_SPAN) / killsMs) * 100) / 100);
}

/**
 * How long (real ms, on average) a process lives between kills at clock `scale`: KILL_SPAN of the
 * burst's floor, shared among the kills and multiplied by the processes they strike in turn,
 * and never under MIN_LIFE_MS, so a restart can do some work.
 */
export function meanLifeMs(deals: number, kills: number, processes: number, scale: number): number {
    const spanRealMs = (floorMs(deals) * KILL_SPAN) / scale;
    return Math.max(MIN_LIFE_MS, (spanRealMs * Math.max(1, processes)) / Math.max(1, kills));
}
