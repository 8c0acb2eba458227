/** The average life of a companion process between kills (real ms), and never less. */
export const MIN_LIFE_MS = 2_000;

/**
 * The clock scale that spreads `kills` over a burst of `deals`: each process lives MIN_LIFE_MS
 * on average and `processes` share the kills, so the kills take kills × MIN_LIFE_MS ÷ processes
 * real ms; the burst's floor (deals ÷ 100 a minute) is made to last that long. Capped at 10.
 */
export function chaosScale(deals: number, kills: number, processes: number): number {
    const floorMs = (deals / 100) * 60_000;
    const killsMs = (Math.max(1, kills) * MIN_LIFE_MS) / Math.max(1, processes);
    return Math.min(10, Math.round((floorMs / killsMs) * 100) / 100);
}
