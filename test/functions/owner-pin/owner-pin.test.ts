import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOwnerPin, DEFAULT_POLICY, digestOf, judge, pinMatches } from '../../../functions/owner-pin';
import { digestDigits } from '../../../functions/event-router';

const KEY = 'digits-key';
const NOW = 1_800_000_000;

describe('the PIN check', () => {
  it('computes the same digest the router sends for the digits the owner pressed', () => {
    expect(digestOf(KEY, 'tx-1', '1234')).toBe(digestDigits(KEY, 'tx-1', '1234'));
  });

  it.each([
    ['the right PIN', digestDigits(KEY, 'tx-1', '1234'), true],
    ['a wrong PIN', digestDigits(KEY, 'tx-1', '1235'), false],
    ['the right PIN digested for another call (a replayed digest)', digestDigits(KEY, 'tx-2', '1234'), false],
    ['the right PIN digested with another key', digestDigits('other', 'tx-1', '1234'), false],
    ['something that is not a digest', 'hmac-sha256:abc', false],
    ['the PIN in clear', '1234', false],
  ])('%s → %s', (_, digest, ok) => {
    expect(pinMatches(digest, '1234', KEY, 'tx-1')).toBe(ok);
  });
});

describe('the lockout', () => {
  it.each([
    ['a first wrong PIN leaves two tries', undefined, false, { ok: false, locked: false, attemptsLeft: 2 }],
    [
      'a second wrong PIN leaves one',
      { failures: 1, lockedUntil: 0 },
      false,
      { ok: false, locked: false, attemptsLeft: 1 },
    ],
    [
      'a third wrong PIN locks the menu',
      { failures: 2, lockedUntil: 0 },
      false,
      { ok: false, locked: true, attemptsLeft: 0 },
    ],
    ['the right PIN clears the count', { failures: 2, lockedUntil: 0 }, true, { ok: true, locked: false }],
    [
      'while locked even the right PIN is refused',
      { failures: 3, lockedUntil: NOW + 60 },
      true,
      { ok: false, locked: true },
    ],
    [
      'after the lock runs out the right PIN works',
      { failures: 3, lockedUntil: NOW - 1 },
      true,
      { ok: true, locked: false },
    ],
    [
      'after the lock runs out, counting starts again',
      { failures: 3, lockedUntil: NOW - 1 },
      false,
      { ok: false, locked: false, attemptsLeft: 2 },
    ],
  ])('%s', (_, lockout, matches, expected) => {
    expect(judge(matches, lockout, NOW, DEFAULT_POLICY)).toMatchObject(expected);
  });

  it('locks for the configured minutes', () => {
    const verdict = judge(false, { failures: 2, lockedUntil: 0 }, NOW, {
      maxFailures: 3,
      lockoutMinutes: 30,
    });
    expect(verdict.next).toEqual({ failures: 3, lockedUntil: NOW + 1800 });
  });
});

describe('the owner-pin function', () => {
  const dynamodb = mockClient(DynamoDBClient);
  const check = createOwnerPin({
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: 'table',
    secrets: async () => ({ ownerPin: '1234', digitsKey: KEY }),
    now: () => NOW * 1000,
  });
  beforeEach(() => dynamodb.reset());

  it('records a wrong PIN in the table, with an expiry', async () => {
    dynamodb.on(GetItemCommand).resolves({});
    const answer = await check({
      Line: '+12065550200',
      TransactionId: 'tx-1',
      Digest: digestDigits(KEY, 'tx-1', '9999'),
    });
    expect(answer).toEqual({ ok: false, locked: false, attemptsLeft: 2 });
    const put = dynamodb.commandCalls(PutItemCommand)[0].args[0].input;
    expect(put.Item).toMatchObject(
      marshall({ pk: 'PINLOCK#+12065550200', sk: 'owner', failures: 1, lockedUntil: 0 }),
    );
    expect(Number(put.Item!.expiresAt.N)).toBeGreaterThan(NOW);
  });

  it('clears the record on the right PIN', async () => {
    dynamodb
      .on(GetItemCommand)
      .resolves({ Item: marshall({ pk: 'PINLOCK#+1', sk: 'owner', failures: 2, lockedUntil: 0 }) });
    expect(
      await check({ Line: '+1', TransactionId: 'tx-1', Digest: digestDigits(KEY, 'tx-1', '1234') }),
    ).toMatchObject({ ok: true });
    expect(dynamodb.commandCalls(DeleteItemCommand)).toHaveLength(1);
  });

  it('answers whether the menu is locked when asked without a digest', async () => {
    dynamodb
      .on(GetItemCommand)
      .resolves({ Item: marshall({ pk: 'PINLOCK#+1', sk: 'owner', failures: 3, lockedUntil: NOW + 10 }) });
    expect(await check({ Line: '+1', TransactionId: 'tx-1' })).toMatchObject({ locked: true });
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it.each([
    [{ TransactionId: 'tx' }, /Line/],
    [{ Line: '+1' }, /TransactionId/],
    [{ Line: '+1', TransactionId: 'tx', Digest: '1234' }, /SensitiveDigits/],
  ])('refuses a request missing what it needs: %j', async (request, message) => {
    await expect(check(request as never)).rejects.toMatchObject({
      name: 'InvalidPinRequest',
      message: expect.stringMatching(message),
    });
  });

  it('lets table errors fail the call to the function (the workflow catches them)', async () => {
    dynamodb.on(GetItemCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    await expect(check({ Line: '+1', TransactionId: 'tx', Digest: 'hmac-sha256:00' })).rejects.toThrow();
  });
});
