import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AREA_REGIONS,
  checkNumber,
  createDialPolicy,
  SERVICE_CODES,
  spokenNumber,
  TOLL_FREE,
  type DialRules,
} from '../../functions/dial-policy';
import { createDynamoDbProvider } from '../../lab/services/dynamodb';
import { startEdge, type Edge } from '../../lab/services/edge';
import { labClientConfig } from '../../lab/services/sdk';

const DEFAULT: DialRules = { regions: ['US', 'CA'], countries: [] };

/** Each number as the owner might key it: 10 digits, 1 + 10, 011 + 1 + 10, and E.164 (a voicemail's caller). */
const forms = (national: string) => [national, `1${national}`, `0111${national}`, `+1${national}`];

/** The other NANP countries, the US territories, premium and personal-service codes: one number each. */
const CARIBBEAN_AND_TERRITORIES = [...AREA_REGIONS]
  .filter(([, r]) => r.region !== 'CA')
  .map(([a]) => `${a}5550199`);
const PREMIUM = ['9005550123', '2129765555', '8889765555', '4169761234'];
const PERSONAL = [...SERVICE_CODES].filter(([, k]) => k !== 'premium').map(([a]) => `${a}5550123`);

describe('dialling by NANP area code, the default rules (50 states, DC, Canada, toll-free)', () => {
  it.each([
    ['Seattle', '2065550123'],
    ['Washington, DC', '2025550123'],
    ['Anchorage, Alaska', '9075550123'],
    ['Honolulu, Hawaii', '8085550123'],
    ['Toronto, Canada', '4165550123'],
    ['Vancouver, Canada', '6045550123'],
    ...[...TOLL_FREE].map((a) => [`toll-free ${a}`, `${a}5550123`]),
  ])('%s is allowed in every form', (_, national) => {
    for (const keyed of forms(national)) {
      expect(checkNumber(keyed, DEFAULT), keyed).toMatchObject({ ok: true, number: `+1${national}` });
    }
  });

  it.each(CARIBBEAN_AND_TERRITORIES)(
    '%s (another NANP country or a US territory) is refused, saying where',
    (national) => {
      for (const keyed of forms(national)) {
        const verdict = checkNumber(keyed, DEFAULT);
        expect(verdict, keyed).toMatchObject({ ok: false, reason: 'region' });
        expect(!verdict.ok && verdict.message).toMatch(/^Calls to .+ are not allowed from this line\.$/);
      }
    },
  );

  it.each(PREMIUM)('%s (premium rate) is refused', (national) => {
    for (const keyed of forms(national))
      expect(checkNumber(keyed, DEFAULT), keyed).toMatchObject({ reason: 'premium' });
  });

  it.each(PERSONAL)('%s (personal or special services) is refused', (national) => {
    for (const keyed of forms(national))
      expect(checkNumber(keyed, DEFAULT), keyed).toMatchObject({ reason: 'special' });
  });

  it.each([
    ['Jamaica', '18765550199', 'Calls to Jamaica are not allowed from this line.'],
    [
      'the Dominican Republic',
      '01118095550199',
      'Calls to the Dominican Republic are not allowed from this line.',
    ],
    ['Puerto Rico', '+17875550199', 'Calls to Puerto Rico are not allowed from this line.'],
  ])('names the place: %s', (_, keyed, message) => {
    expect(checkNumber(keyed, DEFAULT)).toMatchObject({ ok: false, message });
  });

  it.each([
    ['too few digits', '312555019'],
    ['an area code starting with 0', '0125550199'],
    ['an exchange starting with 1', '3121550199'],
    ['an N11 code as area code', '9115550199'],
    ['a reserved N9X area code', '2995550199'],
    ['letters only', 'abc'],
  ])('%s is not a valid number', (_, keyed) => {
    expect(checkNumber(keyed, DEFAULT)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses the rest of the world unless listed', () => {
    expect(checkNumber('011442079460000', DEFAULT)).toMatchObject({ reason: 'country' });
    expect(checkNumber('+442079460000', DEFAULT)).toMatchObject({ reason: 'country' });
  });
});

describe('what the admin adds', () => {
  it('a territory or country is dialled once its region is listed, and only that one', () => {
    const rules = { regions: ['US', 'CA', 'PR', 'JM'], countries: [] };
    expect(checkNumber('17875550199', rules)).toMatchObject({ ok: true, number: '+17875550199' });
    expect(checkNumber('8765550199', rules)).toMatchObject({ ok: true });
    expect(checkNumber('8095550199', rules)).toMatchObject({ reason: 'region' });
    expect(checkNumber('9005550199', rules)).toMatchObject({ reason: 'premium' });
  });

  it('Canada can be left out', () => {
    expect(checkNumber('4165550123', { regions: ['US'], countries: [] })).toMatchObject({
      message: 'Calls to Canada are not allowed from this line.',
    });
    expect(checkNumber('8005550123', { regions: ['US'], countries: [] })).toMatchObject({ ok: true });
  });

  it.each([
    ['a London number', '011442079460000', { ok: true, number: '+442079460000' }],
    ['a UK premium-rate 09 number', '011449098790000', { ok: false, reason: 'premium' }],
    ['a French number, still not allowed', '0113314567890', { ok: false, reason: 'country' }],
  ])('with the United Kingdom listed: %s', (_, digits, verdict) => {
    expect(checkNumber(digits, { regions: ['US', 'CA'], countries: ['44'] })).toMatchObject(verdict);
  });
});

it('reads North American numbers back in groups', () => {
  expect(spokenNumber('+13125550199')).toBe('3 1 2, 5 5 5, 0 1 9 9');
});

describe('the caps, on a real DynamoDB (the lab’s dynalite)', () => {
  let edge: Edge;
  let dynamodb: DynamoDBClient;
  let policy: ReturnType<typeof createDialPolicy>;
  beforeAll(async () => {
    edge = await startEdge({ port: 0, providers: [await createDynamoDbProvider()] });
    dynamodb = new DynamoDBClient(labClientConfig(edge.url));
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'dial',
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
    policy = createDialPolicy({ dynamodb, tableName: 'dial', now: () => Date.parse('2026-11-23T15:00:00Z') });
  });
  afterAll(() => edge.close());

  it('30 calls at once with a daily cap of 20: exactly 20 allowed, the rest told in words', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        policy({ Digits: `312555${String(1000 + i)}`, Line: '+12065550201', DailyCap: 20, Reserve: true }),
      ),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(20);
    expect(answers.filter((a) => !a.allowed).map((a) => a.message)).toEqual(
      Array(10).fill('This line has made all the calls it may make today. Please try again tomorrow.'),
    );
  });

  it('10 calls at once to one number with a limit of 3: 3 allowed; other numbers still get through', async () => {
    const line = '+12065550202';
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        policy({ Digits: '3125550199', Line: line, PerNumberDailyCap: 3, Reserve: true }),
      ),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(3);
    expect(answers.find((a) => !a.allowed)).toMatchObject({
      reason: 'repeat',
      message: expect.stringMatching(/that number/),
    });
    expect(await policy({ Digits: '3125550198', Line: line, Reserve: true })).toMatchObject({
      allowed: true,
    });
  });

  it('a call refused by the line cap does not use up the number’s limit', async () => {
    const line = '+12065550203';
    await policy({ Digits: '3125550100', Line: line, DailyCap: 1, Reserve: true });
    for (let i = 0; i < 5; i++)
      await policy({ Digits: '3125550101', Line: line, DailyCap: 1, Reserve: true });
    expect(
      await policy({ Digits: '3125550101', Line: line, DailyCap: 2, PerNumberDailyCap: 1, Reserve: true }),
    ).toMatchObject({
      allowed: true,
    });
  });

  it('does not count a refused number', async () => {
    const line = '+12065550204';
    await policy({ Digits: '8765550199', Line: line, DailyCap: 1, Reserve: true });
    expect(await policy({ Digits: '3125550199', Line: line, DailyCap: 1, Reserve: true })).toMatchObject({
      allowed: true,
    });
  });

  it.each([
    [{ AllowedRegions: ['US', 'XX'] }, /AllowedRegions must list NANP regions/],
    [{ AllowedCountries: ['+44'] }, /AllowedCountries/],
    [{ DailyCap: -1 }, /DailyCap must be a whole number/],
    [{ Line: '' }, /Line/],
  ])('says what is wrong with a bad request: %j', async (change, message) => {
    await expect(policy({ Digits: '3125550199', Line: '+1', ...change } as never)).rejects.toThrow(message);
  });
});
