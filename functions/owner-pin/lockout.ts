/**
 * The owner's PIN lockout, as pure decisions. Every attempt is counted as a failure *before* its PIN is
 * judged (a claim), so concurrent calls cannot all see the same count: only `maxFailures` attempts are
 * judged between two locks, and the attempt that takes the last slot sets the lock in the same write. A right
 * PIN then clears it. Locks escalate (`lockoutMinutes`, ×4 each time), and the `maxLockouts`-th lock does
 * not expire: the owner resets it from the deployment (docs/security.md).
 */

/** The lockout item (`pk = PINLOCK#<line>, sk = owner`), as stored. */
export interface LockoutState {
  /** attempts counted since the last lock or the last right PIN */
  failures: number;
  /** epoch seconds until which the menu is locked; 0 = not locked */
  lockedUntil: number;
  /** locks since the last right PIN (the escalation level) */
  lockouts: number;
  /** locked until the owner resets it from the deployment */
  blocked: boolean;
  /** failed attempts since the last right PIN (wrong, or refused while locked), and when the first came
   *  (epoch seconds; 0 = none) */
  failedTotal: number;
  failedSince: number;
}

export interface PinPolicy {
  /** attempts judged between two locks (default 3) */
  maxFailures: number;
  /** the first lock's length; each further lock lasts 4 times longer (default 15) */
  lockoutMinutes: number;
  /** the lock that never expires (default the 4th: 15 min, 1 h, 4 h, then until reset) */
  maxLockouts: number;
  /** digits in the owner's PIN, at least (default 6) */
  pinLength: number;
}

export const DEFAULT_POLICY: PinPolicy = { maxFailures: 3, lockoutMinutes: 15, maxLockouts: 4, pinLength: 6 };

export const ESCALATION_FACTOR = 4;

export const NO_LOCKOUT: LockoutState = {
  failures: 0,
  lockedUntil: 0,
  lockouts: 0,
  blocked: false,
  failedTotal: 0,
  failedSince: 0,
};

/** The state from a stored item (missing or odd fields read as "nothing yet"). */
export function lockoutOf(item: Record<string, unknown> | undefined): LockoutState {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  if (!item) return NO_LOCKOUT;
  return {
    failures: n(item.failures),
    lockedUntil: n(item.lockedUntil),
    lockouts: n(item.lockouts),
    blocked: item.blocked === true,
    failedTotal: n(item.failedTotal),
    failedSince: n(item.failedSince),
  };
}

export function isLocked(state: LockoutState, nowSeconds: number): boolean {
  return state.blocked || state.lockedUntil > nowSeconds;
}

/** How long the `level`-th lock lasts, in seconds (level 1 = the first). */
export function lockSeconds(level: number, policy: PinPolicy): number {
  return policy.lockoutMinutes * 60 * ESCALATION_FACTOR ** Math.max(0, level - 1);
}

/** What one attempt may do with the state it read. */
export type AttemptPlan =
  | { kind: 'refused' }
  | { kind: 'count'; failures: number; attemptsLeft: number }
  | { kind: 'lock'; lockedUntil: number; lockouts: number; blocked: boolean };

export function planAttempt(state: LockoutState, nowSeconds: number, policy: PinPolicy): AttemptPlan {
  if (isLocked(state, nowSeconds)) return { kind: 'refused' };
  const failures = state.failures + 1;
  if (failures < policy.maxFailures) {
    return { kind: 'count', failures, attemptsLeft: policy.maxFailures - failures };
  }
  const lockouts = state.lockouts + 1;
  return {
    kind: 'lock',
    lockouts,
    blocked: lockouts >= policy.maxLockouts,
    lockedUntil: nowSeconds + lockSeconds(lockouts, policy),
  };
}

/** Attempts left before the next lock, as the state stands. */
export function attemptsLeft(state: LockoutState, nowSeconds: number, policy: PinPolicy): number {
  return isLocked(state, nowSeconds) ? 0 : Math.max(0, policy.maxFailures - state.failures);
}

/**
 * What the owner hears after a right PIN when someone tried wrong ones: "3 failed PIN attempts since Tuesday
 * at 10 AM." (in the business's time zone); empty when there were none.
 */
export function failedAttemptsNotice(failed: number, sinceSeconds: number, timeZone: string): string {
  if (failed <= 0) return '';
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
  })
    .format(new Date(sinceSeconds * 1000))
    .replace(/:00 /, ' ')
    .replace(/^(\w+) /, '$1 at ');
  return `${failed === 1 ? 'One failed PIN attempt' : `${failed} failed PIN attempts`} since ${when}.`;
}
