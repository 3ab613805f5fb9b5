/**
 * The lockout item in DynamoDB. Every write is conditional on the state it was planned from (the count it
 * read, no lock), so two attempts can never both take the same slot: the loser's condition fails and it
 * plans again from what the winner wrote.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { lockoutOf, type AttemptPlan, type LockoutState } from './lockout';

export interface LockoutStore {
  read(): Promise<LockoutState>;
  /** Takes the planned slot; false when another attempt changed the item first. */
  claim(seen: LockoutState, plan: Exclude<AttemptPlan, { kind: 'refused' }>, now: number): Promise<boolean>;
  /** An attempt refused while the menu is locked: counted for the owner's notice, never judged. */
  countRefused(now: number): Promise<void>;
  /** A right PIN: clears the count, the lock and the escalation; answers the state it replaced. */
  clear(now: number): Promise<LockoutState>;
  /** A record of a lock, for the owner's notifications to pick up (`pk = SECURITY#<line>`). */
  recordLock(plan: Extract<AttemptPlan, { kind: 'lock' }>, now: number): Promise<void>;
}

const EVENT_DAYS = 90;

export function lockoutStore(dynamodb: DynamoDBClient, tableName: string, line: string): LockoutStore {
  const Key = marshall({ pk: `PINLOCK#${line}`, sk: 'owner' });
  const conditional = async (send: () => Promise<unknown>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  };
  return {
    async read() {
      const got = await dynamodb.send(
        new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }),
      );
      return lockoutOf(got.Item ? unmarshall(got.Item) : undefined);
    },
    claim(seen, plan, now) {
      const values: Record<string, unknown> = {
        ':now': now,
        ':one': 1,
        ':false': false,
        ':zero': 0,
      };
      if (seen.failures !== 0) values[':seen'] = seen.failures;
      if (seen.lockouts !== 0) values[':level'] = seen.lockouts;
      let set =
        'failedTotal = if_not_exists(failedTotal, :zero) + :one, failedSince = if_not_exists(failedSince, :now)';
      if (plan.kind === 'count') {
        set += ', failures = :failures';
        values[':failures'] = plan.failures;
      } else {
        set +=
          ', failures = :zero, lockedUntil = :until, lockouts = :lockouts, blocked = :blocked, lockedAt = :now';
        Object.assign(values, {
          ':until': plan.lockedUntil,
          ':lockouts': plan.lockouts,
          ':blocked': plan.blocked,
        });
      }
      return conditional(() =>
        dynamodb.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key,
            UpdateExpression: `SET ${set}`,
            // the count and level this attempt was planned from, and no lock since
            ConditionExpression: [
              seen.failures === 0
                ? '(attribute_not_exists(failures) OR failures = :zero)'
                : 'failures = :seen',
              seen.lockouts === 0
                ? '(attribute_not_exists(lockouts) OR lockouts = :zero)'
                : 'lockouts = :level',
              '(attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
              '(attribute_not_exists(blocked) OR blocked = :false)',
            ].join(' AND '),
            ExpressionAttributeValues: marshall(values),
          }),
        ),
      );
    },
    async countRefused(now) {
      await dynamodb.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key,
          UpdateExpression: 'ADD failedTotal :one SET failedSince = if_not_exists(failedSince, :now)',
          ExpressionAttributeValues: marshall({ ':one': 1, ':now': now }),
        }),
      );
    },
    async clear(now) {
      const out = await dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            ...unmarshall(Key),
            failures: 0,
            lockedUntil: 0,
            lockouts: 0,
            blocked: false,
            failedTotal: 0,
            failedSince: 0,
            lastLoginAt: now,
          }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return lockoutOf(out.Attributes ? unmarshall(out.Attributes) : undefined);
    },
    async recordLock(plan, now) {
      await dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            pk: `SECURITY#${line}`,
            sk: `${new Date(now * 1000).toISOString()}#pin-lockout`,
            event: plan.blocked ? 'owner-menu-blocked' : 'owner-menu-locked',
            lockouts: plan.lockouts,
            lockedUntil: plan.blocked ? 0 : plan.lockedUntil,
            at: now,
            expiresAt: now + EVENT_DAYS * 86_400,
          }),
        }),
      );
    },
  };
}
