/**
 * Dates and timestamps as Zoho renders them: business dates `yyyy-mm-dd` in the org's time
 * zone, timestamps `yyyy-MM-ddTHH:mm:ss±hhmm` (offset without a colon, reference §3.2).
 */

function pad(value: number, width = 2): string {
    return String(value).padStart(width, '0');
}

export function formatZohoTime(epochMs: number, utcOffsetMinutes: number): string {
    const local = new Date(epochMs + utcOffsetMinutes * 60_000);
    const sign = utcOffsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(utcOffsetMinutes);
    return (
        `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
        `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
        `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
    );
}

/** Parses `yyyy-MM-ddTHH:mm:ss±hhmm` (or any ISO form `Date.parse` reads); NaN when malformed. */
export function parseZohoTime(text: string): number {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
    if (match) return Date.parse(`${match[1]}${match[2]}${match[3]}:${match[4]}`);
    return /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
}

export function orgToday(epochMs: number, utcOffsetMinutes: number): string {
    return formatZohoTime(epochMs, utcOffsetMinutes).slice(0, 10);
}

export function isDate(text: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    const ms = Date.parse(`${text}T00:00:00Z`);
    // Date.parse rolls 2026-02-30 over to March; a real date survives the round trip.
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

export function addDays(date: string, days: number): string {
    const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
    return new Date(ms).toISOString().slice(0, 10);
}
