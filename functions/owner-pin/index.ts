/**
 * functions/owner-pin — checks the owner's PIN (as the router's digest, never in clear) and keeps the lockout.
 *
 * Input from the workflow: `{ "Line": "+1…", "TransactionId": "…", "Digest": "hmac-sha256:…" }` →
 * `{ ok, locked, blocked, attemptsLeft, notice }`; without `Digest` it only answers whether the menu is locked.
 * Optional `MaxFailures`, `LockoutMinutes`, `MaxLockouts`, `PinLength` and `TimeZone` override the policy
 * (lockout.ts). `notice`, after a right PIN, tells the owner of wrong PINs since the last login.
 * The lockout lives in the table as `pk = PINLOCK#<line>, sk = owner`; each lock also leaves an item under
 * `pk = SECURITY#<line>` (and a WARN log line) that a notification can pick up.
 *
 * Environment (read once, at cold start): TABLE_NAME, OWNER_PIN_SECRET_ARN (the PIN), DIGITS_KEY_SECRET_ARN
 * (the key the router digests digits with). Secrets are fetched on first use and kept.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  attemptsLeft,
  DEFAULT_POLICY,
  failedAttemptsNotice,
  isLocked,
  planAttempt,
  type PinPolicy,
} from './lockout';
import { lockoutStore, type LockoutStore } from './store';
import { checkStoredPin, pinMatches } from './verify';

export { pinMatches, digestOf, checkStoredPin } from './verify';
export {
  planAttempt,
  lockoutOf,
  lockSeconds,
  isLocked,
  failedAttemptsNotice,
  DEFAULT_POLICY,
  NO_LOCKOUT,
  type LockoutState,
  type PinPolicy,
  type AttemptPlan,
} from './lockout';

export interface OwnerPinSecrets {
  ownerPin: string;
  digitsKey: string;
}

export interface OwnerPinDeps {
  dynamodb: DynamoDBClient;
  tableName: string;
  secrets: () => Promise<OwnerPinSecrets>;
  now?: () => number;
  logger?: Logger;
}

export interface OwnerPinRequest {
  Line: string;
  TransactionId: string;
  Digest?: string;
  MaxFailures?: number;
  LockoutMinutes?: number;
  MaxLockouts?: number;
  PinLength?: number;
  /** the business's time zone, for the notice (default UTC) */
  TimeZone?: string;
}

export interface OwnerPinAnswer {
  ok: boolean;
  locked: boolean;
  /** locked until the owner resets it from the deployment */
  blocked: boolean;
  attemptsLeft: number;
  /** after a right PIN: "3 failed PIN attempts since Tuesday at 10 AM." or "" */
  notice: string;
  /** while locked (not blocked): the minutes the lock still lasts, rounded up; else 0 */
  lockedMinutes: number;
}

export class InvalidPinRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPinRequest';
  }
}

/** Attempts that lose the race for a slot plan again this many times, then count as refused. */
const CLAIM_TRIES = 5;

export function createOwnerPin(deps: OwnerPinDeps): (event: OwnerPinRequest) => Promise<OwnerPinAnswer> {
  const now = () => Math.floor((deps.now ?? Date.now)() / 1000);
  const logger = deps.logger ?? new Logger({ serviceName: 'owner-pin' });
  return async (event) => {
    const { Line, TransactionId, Digest } = checked(event);
    const policy = policyOf(event);
    const timeZone = zoneOf(event.TimeZone);
    const store = lockoutStore(deps.dynamodb, deps.tableName, Line);
    if (Digest === undefined) {
      const state = await store.read();
      const locked = isLocked(state, now());
      return answer(false, locked, state.blocked, attemptsLeft(state, now(), policy));
    }
    const { ownerPin, digitsKey } = await deps.secrets();
    checkStoredPin(ownerPin, policy.pinLength);
    const result = await attempt(store, policy, now, () =>
      pinMatches(Digest, ownerPin, digitsKey, TransactionId),
    );
    if (result.ok) {
      const before = await store.clear(now());
      const failed = before.failedTotal - 1; // this attempt was counted when it took its slot
      logger.info('owner PIN right', { failedSinceLastLogin: Math.max(0, failed) });
      return { ...result, notice: failedAttemptsNotice(failed, before.failedSince, timeZone) };
    }
    logger.info('owner PIN refused', { locked: result.locked, attemptsLeft: result.attemptsLeft });
    return result;
  };

  async function attempt(
    store: LockoutStore,
    policy: PinPolicy,
    now: () => number,
    matches: () => boolean,
  ): Promise<OwnerPinAnswer> {
    for (let tries = 0; tries < CLAIM_TRIES; tries++) {
      const seen = await store.read();
      const plan = planAttempt(seen, now(), policy);
      if (plan.kind === 'refused') {
        await store.countRefused(now());
        return answer(false, true, seen.blocked, 0, minutesLeft(seen.blocked, seen.lockedUntil, now()));
      }
      if (!(await store.claim(seen, plan, now()))) continue;
      if (plan.kind === 'lock') {
        if (matches()) return answer(true, false, false, policy.maxFailures);
        logger.warn('owner menu locked', {
          event: plan.blocked ? 'owner-menu-blocked' : 'owner-menu-locked',
          lockouts: plan.lockouts,
          lockedForSeconds: plan.blocked ? null : plan.lockedUntil - now(),
        });
        await store.recordLock(plan, now());
        return answer(false, true, plan.blocked, 0, minutesLeft(plan.blocked, plan.lockedUntil, now()));
      }
      return matches()
        ? answer(true, false, false, policy.maxFailures)
        : answer(false, false, false, plan.attemptsLeft);
    }
    // Lost every race: another attempt keeps changing the count. A refused condition is never a pass.
    return answer(false, true, false, 0);
  }
}

function answer(
  ok: boolean,
  locked: boolean,
  blocked: boolean,
  left: number,
  lockedMinutes = 0,
): OwnerPinAnswer {
  return { ok, locked, blocked, attemptsLeft: left, notice: '', lockedMinutes };
}

/** The escalated lock's real length, for the owner's notice (seconds of lab or wall time). */
function minutesLeft(blocked: boolean, lockedUntil: number, nowSeconds: number): number {
  return blocked ? 0 : Math.max(1, Math.ceil((lockedUntil - nowSeconds) / 60));
}

function checked(event: OwnerPinRequest): OwnerPinRequest {
  const { Line, TransactionId, Digest } = event ?? ({} as OwnerPinRequest);
  if (typeof Line !== 'string' || !Line)
    throw new InvalidPinRequest('Line (the business number) is required');
  if (typeof TransactionId !== 'string' || !TransactionId)
    throw new InvalidPinRequest('TransactionId is required');
  if (Digest !== undefined && (typeof Digest !== 'string' || !Digest.startsWith('hmac-sha256:'))) {
    throw new InvalidPinRequest(
      'Digest must be the router\'s "hmac-sha256:…" digest; set SensitiveDigits "true" on the PIN prompt',
    );
  }
  return event;
}

function policyOf(event: OwnerPinRequest): PinPolicy {
  const policy: PinPolicy = {
    maxFailures: whole(event.MaxFailures, DEFAULT_POLICY.maxFailures, 'MaxFailures'),
    lockoutMinutes: whole(event.LockoutMinutes, DEFAULT_POLICY.lockoutMinutes, 'LockoutMinutes'),
    maxLockouts: whole(event.MaxLockouts, DEFAULT_POLICY.maxLockouts, 'MaxLockouts'),
    pinLength: whole(event.PinLength, DEFAULT_POLICY.pinLength, 'PinLength'),
  };
  if (policy.pinLength < 4 || policy.pinLength > 12)
    throw new InvalidPinRequest(`PinLength must be 4 to 12 digits, got ${policy.pinLength}`);
  return policy;
}

function whole(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new InvalidPinRequest(`${field} must be a whole number >= 1, got ${JSON.stringify(value)}`);
  return value;
}

function zoneOf(zone: unknown): string {
  if (zone === undefined) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone as string });
    return zone as string;
  } catch {
    throw new InvalidPinRequest(
      `TimeZone must be an IANA zone like "America/New_York", got ${JSON.stringify(zone)}`,
    );
  }
}

let cold: ((event: OwnerPinRequest) => Promise<OwnerPinAnswer>) | undefined;

export async function handler(event: OwnerPinRequest): Promise<OwnerPinAnswer> {
  cold ??= fromEnvironment(process.env);
  return cold(event);
}

function fromEnvironment(
  env: Record<string, string | undefined>,
): (event: OwnerPinRequest) => Promise<OwnerPinAnswer> {
  for (const name of ['TABLE_NAME', 'OWNER_PIN_SECRET_ARN', 'DIGITS_KEY_SECRET_ARN']) {
    if (!env[name]) throw new Error(`${name} is not set`);
  }
  const secretsManager = new SecretsManagerClient({});
  let secrets: Promise<OwnerPinSecrets> | undefined;
  const read = async (arn: string) => {
    const value = (await secretsManager.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
    if (!value) throw new Error('a secret the owner PIN check needs is empty');
    return value;
  };
  return createOwnerPin({
    dynamodb: new DynamoDBClient({}),
    tableName: env.TABLE_NAME!,
    // kept once read; a failed read is tried again on the next call
    secrets: () =>
      (secrets ??= Promise.all([read(env.OWNER_PIN_SECRET_ARN!), read(env.DIGITS_KEY_SECRET_ARN!)]).then(
        ([ownerPin, digitsKey]) => ({ ownerPin, digitsKey }),
        (e: unknown) => {
          secrets = undefined;
          throw e;
        },
      )),
  });
}
