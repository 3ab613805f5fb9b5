/**
 * functions/owner-pin — checks the owner's PIN (as the router's digest, never in clear) and keeps the lockout.
 *
 * Input from the workflow: `{ "Line": "+1…", "TransactionId": "…", "Digest": "hmac-sha256:…" }` → `{ ok, locked,
 * attemptsLeft }`; without `Digest` it only answers whether the menu is locked. Optional `MaxFailures`,
 * `LockoutMinutes` override the policy (3 wrong PINs lock for 15 minutes). The lockout lives in the table as
 * `pk = PINLOCK#<line>, sk = owner` with `expiresAt`.
 *
 * Environment (read once, at cold start): TABLE_NAME, OWNER_PIN_SECRET_ARN (the PIN), DIGITS_KEY_SECRET_ARN
 * (the key the router digests digits with). Secrets are fetched on first use and kept.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DEFAULT_POLICY, isLocked, judge, pinMatches, type Lockout, type PinPolicy } from './verify';

export {
  judge,
  pinMatches,
  digestOf,
  isLocked,
  DEFAULT_POLICY,
  type Lockout,
  type PinPolicy,
  type PinVerdict,
} from './verify';

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
}

export interface OwnerPinAnswer {
  ok: boolean;
  locked: boolean;
  attemptsLeft: number;
}

export class InvalidPinRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPinRequest';
  }
}

export function createOwnerPin(deps: OwnerPinDeps): (event: OwnerPinRequest) => Promise<OwnerPinAnswer> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? new Logger({ serviceName: 'owner-pin' });
  return async (event) => {
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
    const policy: PinPolicy = {
      maxFailures: positive(event.MaxFailures, DEFAULT_POLICY.maxFailures),
      lockoutMinutes: positive(event.LockoutMinutes, DEFAULT_POLICY.lockoutMinutes),
    };
    const key = marshall({ pk: `PINLOCK#${Line}`, sk: 'owner' });
    const got = await deps.dynamodb.send(
      new GetItemCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }),
    );
    const lockout = got.Item ? (unmarshall(got.Item) as Lockout) : undefined;
    const nowSeconds = Math.floor(now() / 1000);
    if (Digest === undefined) {
      const locked = isLocked(lockout, nowSeconds);
      return {
        ok: false,
        locked,
        attemptsLeft: locked ? 0 : policy.maxFailures - (lockout?.lockedUntil === 0 ? lockout.failures : 0),
      };
    }
    const { ownerPin, digitsKey } = await deps.secrets();
    const verdict = judge(
      pinMatches(Digest, ownerPin, digitsKey, TransactionId),
      lockout,
      nowSeconds,
      policy,
    );
    if (verdict.next === 'clear') {
      if (lockout) await deps.dynamodb.send(new DeleteItemCommand({ TableName: deps.tableName, Key: key }));
    } else if (verdict.next !== lockout) {
      const expiresAt = Math.max(verdict.next.lockedUntil, nowSeconds + 3600);
      await deps.dynamodb.send(
        new PutItemCommand({
          TableName: deps.tableName,
          Item: marshall({ ...unmarshall(key), ...verdict.next, expiresAt }),
        }),
      );
    }
    logger.info('owner PIN checked', {
      ok: verdict.ok,
      locked: verdict.locked,
      attemptsLeft: verdict.attemptsLeft,
    });
    return { ok: verdict.ok, locked: verdict.locked, attemptsLeft: verdict.attemptsLeft };
  };
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
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
