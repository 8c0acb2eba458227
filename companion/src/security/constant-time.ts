import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in time that does not depend on where they differ. Both sides are hashed
 * first, so the comparison is always between equal-length buffers and leaks no length either.
 */
export function secretsEqual(given: string, expected: string): boolean {
    const a = createHash('sha256').update(given, 'utf8').digest();
    const b = createHash('sha256').update(expected, 'utf8').digest();
    return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * Compares a given text with one whose length is public (a MAC's hex or base64 digest: always
 * the same length), in time that does not depend on where they differ. Unlike `secretsEqual` it
 * hashes nothing: a length that differs from the public one is refused at once.
 */
export function digestsEqual(given: string, expected: string): boolean {
    const a = Buffer.from(given, 'utf8');
    const b = Buffer.from(expected, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
}
