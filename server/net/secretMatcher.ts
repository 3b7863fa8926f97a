import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * A check of guesses against `secret` (a password, a token). SHA-256 digests are compared
 * with timingSafeEqual, so a check takes the same time whatever the guess and its length.
 */
export function secretMatcher(secret: string): (given: string) => boolean {
  const expected = digest(secret);
  return (given) => timingSafeEqual(digest(given), expected);
}
