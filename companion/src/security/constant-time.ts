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
