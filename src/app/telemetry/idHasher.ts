/**
 * Keyed hashing of personal identifiers (user ids, phone numbers, PSIDs, conversation ids) before they
 * leave the process. A keyed HMAC, not a bare SHA-256: phone numbers are few enough to brute-force.
 */
import { createHmac } from 'node:crypto';

export type IdHasher = (value: string) => string;

export function createIdHasher(key: string): IdHasher {
  return (value) => `h_${createHmac('sha256', key).update(value, 'utf8').digest('base64url').slice(0, 22)}`;
}

/** Digit runs that may be phone numbers, PSIDs or other platform user ids (8+ digits, optional `+`). */
const LONG_DIGITS = /\+?\d{8,}/g;

/** Replaces every long digit run in a text with its hash. */
export function hashDigitRuns(text: string, hash: IdHasher): string {
  return text.replace(LONG_DIGITS, (match) => hash(match));
}
