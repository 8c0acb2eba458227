const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The 3-character case-safe suffix of a 15-character id (one bit per upper-case letter). */
export function idSuffix(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const char = id15.charAt(chunk * 5 + i);
            if (char >= 'A' && char <= 'Z') bits |= 1 << i;
        }
        suffix += SUFFIX_ALPHABET.charAt(bits);
    }
    return suffix;
}

/**
 * The canonical 18-character form of a 15- or 18-character id, or undefined when the text cannot
 * be an id. An 18-character id is case-insensitive: its suffix restores the case of the first 15.
 */
export function normalizeId(value: string): string | undefined {
    if (!ID_PATTERN.test(value)) return undefined;
    if (value.length === 15) return value + idSuffix(value);
    const suffix = value.slice(15).toUpperCase();
    let id15 = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
        if (bits < 0) return undefined;
        for (let i = 0; i < 5; i++) {
            const char = value.charAt(chunk * 5 + i);
            id15 += bits & (1 << i) ? char.toUpperCase() : char.toLowerCase();
        }
    }
    return id15 + suffix;
}

/** Hands out 18-character ids: key prefix, a pod marker, then a base-62 sequence. */
export function createIdFactory(seed = 0) {
    let next = seed;
    return (keyPrefix: string): string => {
        next += 1;
        let n = next;
        let body = '';
        for (let i = 0; i < 9; i++) {
            body = BASE62.charAt(n % 62) + body;
            n = Math.floor(n / 62);
        }
        const id15 = `${keyPrefix}8d0${body}`;
        return id15 + idSuffix(id15);
    };
}

export type IdFactory = ReturnType<typeof createIdFactory>;
