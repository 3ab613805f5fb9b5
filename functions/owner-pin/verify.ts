/**
 * The owner's PIN check and its lockout, as pure decisions. The PIN itself never reaches the workflow: the
 * router digests the digits (`hmac-sha256:<hex>` of `TransactionId:digits` under the digits key) and this
 * compares that digest with the one the stored PIN would give, in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Lockout {
  /** wrong PINs since the last right one (within the window) */
  failures: number;
  /** epoch seconds until which the menu is locked; 0 = not locked */
  lockedUntil: number;
}

export interface PinPolicy {
  /** wrong PINs that lock the menu (default 3) */
  maxFailures: number;
  /** how long the menu stays locked (default 15) */
  lockoutMinutes: number;
}

export const DEFAULT_POLICY: PinPolicy = { maxFailures: 3, lockoutMinutes: 15 };

export function digestOf(digitsKey: string, transactionId: string, digits: string): string {
  return `hmac-sha256:${createHmac('sha256', digitsKey).update(`${transactionId}:${digits}`).digest('hex')}`;
}

/** True when the digest is the one the owner's PIN gives for this call. Constant time in the digest. */
export function pinMatches(digest: string, pin: string, digitsKey: string, transactionId: string): boolean {
  const expected = Buffer.from(digestOf(digitsKey, transactionId, pin));
  const given = Buffer.from(digest);
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}

export function isLocked(lockout: Lockout | undefined, nowSeconds: number): boolean {
  return !!lockout && lockout.lockedUntil > nowSeconds;
}

export type PinVerdict =
  | { ok: true; locked: false; attemptsLeft: number; next: 'clear' }
  | { ok: false; locked: boolean; attemptsLeft: number; next: Lockout };

/** What a PIN attempt means for the lockout record. */
export function judge(
  matches: boolean,
  lockout: Lockout | undefined,
  nowSeconds: number,
  policy: PinPolicy,
): PinVerdict {
  if (isLocked(lockout, nowSeconds)) return { ok: false, locked: true, attemptsLeft: 0, next: lockout! };
  if (matches) return { ok: true, locked: false, attemptsLeft: policy.maxFailures, next: 'clear' };
  const failures = (lockout && lockout.lockedUntil === 0 ? lockout.failures : 0) + 1;
  const locked = failures >= policy.maxFailures;
  return {
    ok: false,
    locked,
    attemptsLeft: Math.max(0, policy.maxFailures - failures),
    next: { failures, lockedUntil: locked ? nowSeconds + policy.lockoutMinutes * 60 : 0 },
  };
}
