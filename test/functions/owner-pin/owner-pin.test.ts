import { CreateTableCommand, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOwnerPin,
  DEFAULT_POLICY,
  digestOf,
  failedAttemptsNotice,
  lockSeconds,
  NO_LOCKOUT,
  pinMatches,
  planAttempt,
  type OwnerPinRequest,
} from '../../../functions/owner-pin';
import { digestDigits } from '../../../functions/event-router';
import { createDynamoDbProvider } from '../../../lab/services/dynamodb';
import { startEdge, type Edge } from '../../../lab/services/edge';
import { labClientConfig } from '../../../lab/services/sdk';

const KEY = 'digits-key';
const PIN = '482613';
const NOW = 1_800_000_000;

describe('the PIN check', () => {
  it('computes the same digest the router sends for the digits the owner pressed', () => {
    expect(digestOf(KEY, 'tx-1', PIN)).toBe(digestDigits(KEY, 'tx-1', PIN));
  });

  it.each([
    ['the right PIN', digestDigits(KEY, 'tx-1', PIN), true],
    ['a wrong PIN', digestDigits(KEY, 'tx-1', '482614'), false],
    ['the right PIN digested for another call (a replayed digest)', digestDigits(KEY, 'tx-2', PIN), false],
    ['the right PIN digested with another key', digestDigits('other', 'tx-1', PIN), false],
    ['something that is not a digest', 'hmac-sha256:abc', false],
    ['the PIN in clear', PIN, false],
  ])('%s → %s', (_, digest, ok) => {
    expect(pinMatches(digest, PIN, KEY, 'tx-1')).toBe(ok);
  });
});

describe('the lockout plan', () => {
  const state = (s: Partial<typeof NO_LOCKOUT>) => ({ ...NO_LOCKOUT, ...s });
  it.each([
    ['a first attempt takes a slot, two left', state({}), { kind: 'count', failures: 1, attemptsLeft: 2 }],
    [
      'the third attempt sets the first lock',
      state({ failures: 2 }),
      { kind: 'lock', lockouts: 1, blocked: false },
    ],
    ['while locked nothing is judged', state({ lockedUntil: NOW + 1 }), { kind: 'refused' }],
    [
      'after the lock runs out, counting starts again',
      state({ lockedUntil: NOW, lockouts: 1 }),
      { kind: 'count' },
    ],
    ['the fourth lock never runs out', state({ failures: 2, lockouts: 3 }), { kind: 'lock', blocked: true }],
    [
      'blocked is refused forever',
      state({ blocked: true, lockedUntil: NOW - 86_400 * 365 }),
      { kind: 'refused' },
    ],
  ])('%s', (_, s, expected) => {
    expect(planAttempt(s, NOW, DEFAULT_POLICY)).toMatchObject(expected);
  });

  it('each lock lasts four times longer than the one before', () => {
    expect([1, 2, 3].map((n) => lockSeconds(n, DEFAULT_POLICY) / 60)).toEqual([15, 60, 240]);
  });

  it('tells the owner how many wrong PINs came since when, in the business time zone', () => {
    // 2026-12-01 was a Tuesday; 15:00 UTC is 10 AM in New York
    const tuesday10am = Date.parse('2026-12-01T15:00:00Z') / 1000;
    expect(failedAttemptsNotice(3, tuesday10am, 'America/New_York')).toBe(
      '3 failed PIN attempts since Tuesday at 10 AM.',
    );
    expect(failedAttemptsNotice(1, tuesday10am + 30 * 60, 'America/New_York')).toBe(
      'One failed PIN attempt since Tuesday at 10:30 AM.',
    );
    expect(failedAttemptsNotice(0, tuesday10am, 'UTC')).toBe('');
  });
});

describe('the owner-pin function on a real DynamoDB (the lab’s dynalite)', () => {
  let edge: Edge;
  let dynamodb: DynamoDBClient;
  let clock = NOW * 1000;
  let check: (event: OwnerPinRequest) => Promise<Awaited<ReturnType<ReturnType<typeof createOwnerPin>>>>;
  let line = 0;
  const nextLine = () => `+1206555${String(++line).padStart(4, '0')}`;
  const attempt = (Line: string, digits: string, tx = `tx-${Math.random()}`) =>
    check({ Line, TransactionId: tx, Digest: digestDigits(KEY, tx, digits), TimeZone: 'America/New_York' });

  beforeAll(async () => {
    edge = await startEdge({ port: 0, providers: [await createDynamoDbProvider()] });
    dynamodb = new DynamoDBClient(labClientConfig(edge.url));
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'pins',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    check = createOwnerPin({
      dynamodb,
      tableName: 'pins',
      secrets: async () => ({ ownerPin: PIN, digitsKey: KEY }),
      now: () => clock,
    });
  });
  afterAll(() => edge.close());

  const lockEvents = async (Line: string) =>
    (
      await dynamodb.send(
        new QueryCommand({
          TableName: 'pins',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': `SECURITY#${Line}` }),
        }),
      )
    ).Items!.map((i) => unmarshall(i));
  /** attempts whose PIN was judged: answered "not right", let in, or the one that set each lock */
  const judged = async (Line: string, answers: { ok: boolean; locked: boolean }[]) =>
    answers.filter((a) => a.ok || !a.locked).length + (await lockEvents(Line)).length;

  it('40 wrong PINs at once: 3 judged, the other 37 refused as locked, and then the right PIN is refused', async () => {
    const Line = nextLine();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(Line, String(100000 + i))),
    );
    expect(answers.filter((a) => !a.locked)).toHaveLength(2); // judged, "not right"
    expect(answers.filter((a) => a.locked)).toHaveLength(38); // the third judged one locked it, 37 never judged
    expect(answers.some((a) => a.ok)).toBe(false);
    expect(await attempt(Line, PIN)).toMatchObject({ ok: false, locked: true });
    // once the lock has run out, the owner is told of every attempt, judged or refused
    clock += 15 * 60_000;
    expect((await attempt(Line, PIN)).notice).toMatch(/^41 failed PIN attempts since /);
  });

  it('39 wrong PINs and the right one at once: at most 3 of the 40 are judged', async () => {
    const Line = nextLine();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(Line, i === 20 ? PIN : String(200000 + i))),
    );
    expect(await judged(Line, answers)).toBeLessThanOrEqual(3);
  });

  it('a slow brute force (3 guesses every hour, for 5 days) is stopped for good after 12 guesses', async () => {
    const Line = nextLine();
    const answers = [];
    for (let hour = 0; hour < 5 * 24; hour++) {
      for (let i = 0; i < 3; i++) answers.push(await attempt(Line, String(300000 + answers.length)));
      clock += 3600_000;
    }
    expect(await judged(Line, answers)).toBe(12);
    expect(await attempt(Line, PIN)).toMatchObject({ ok: false, locked: true, blocked: true });
    expect(await check({ Line, TransactionId: 'tx' })).toMatchObject({ locked: true, blocked: true });
    expect((await lockEvents(Line)).map((e) => e.event)).toEqual([
      'owner-menu-locked',
      'owner-menu-locked',
      'owner-menu-locked',
      'owner-menu-blocked',
    ]);
  });

  it('locks escalate: 15 minutes, then an hour', async () => {
    const Line = nextLine();
    for (let i = 0; i < 2; i++) await attempt(Line, '000000');
    // the answer says how long the lock really lasts, for the owner's notice
    expect(await attempt(Line, '000000')).toMatchObject({ locked: true, lockedMinutes: 15 });
    clock += 14 * 60_000;
    expect(await attempt(Line, PIN)).toMatchObject({ locked: true });
    clock += 60_000;
    for (let i = 0; i < 2; i++) await attempt(Line, '000000');
    expect(await attempt(Line, '000000')).toMatchObject({ locked: true, lockedMinutes: 60 });
    clock += 59 * 60_000;
    expect(await attempt(Line, PIN)).toMatchObject({ locked: true });
    clock += 60_000;
    expect(await attempt(Line, PIN)).toMatchObject({ ok: true });
  });

  it('the right PIN clears the count and tells the owner of the wrong ones since', async () => {
    const Line = nextLine();
    clock = Date.parse('2026-12-01T15:00:00Z');
    await attempt(Line, '111111');
    clock += 3600_000;
    await attempt(Line, '222222');
    clock += 86_400_000;
    const right = await attempt(Line, PIN);
    expect(right).toMatchObject({ ok: true, notice: '2 failed PIN attempts since Tuesday at 10 AM.' });
    expect(await attempt(Line, PIN)).toMatchObject({ ok: true, notice: '' });
    const item = await dynamodb.send(
      new GetItemCommand({ TableName: 'pins', Key: marshall({ pk: `PINLOCK#${Line}`, sk: 'owner' }) }),
    );
    expect(JSON.stringify(item.Item)).not.toContain(PIN);
  });

  it('refuses a stored PIN shorter than PinLength with a message saying how to fix it', async () => {
    const short = createOwnerPin({
      dynamodb,
      tableName: 'pins',
      secrets: async () => ({ ownerPin: '1234', digitsKey: KEY }),
    });
    await expect(
      short({ Line: nextLine(), TransactionId: 'tx', Digest: digestDigits(KEY, 'tx', '1234') }),
    ).rejects.toThrow(/6 to 12 digits.*put-secret-value/);
  });

  it.each([
    [{ TransactionId: 'tx' }, /Line/],
    [{ Line: '+1' }, /TransactionId/],
    [{ Line: '+1', TransactionId: 'tx', Digest: PIN }, /SensitiveDigits/],
    [{ Line: '+1', TransactionId: 'tx', PinLength: 3 }, /PinLength must be 4 to 12/],
    [{ Line: '+1', TransactionId: 'tx', MaxLockouts: 0 }, /MaxLockouts must be a whole number/],
    [{ Line: '+1', TransactionId: 'tx', TimeZone: 'Mars/Olympus' }, /TimeZone/],
  ])('refuses a request that is wrong: %j', async (request, message) => {
    await expect(check(request as never)).rejects.toMatchObject({
      name: 'InvalidPinRequest',
      message: expect.stringMatching(message),
    });
  });
});
