import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkNumber, createDialPolicy, spokenNumber } from '../../../functions/dial-policy';

describe('which numbers the business line may dial (NANP only, the default)', () => {
  it.each([
    ['10 digits', '3125550199', { ok: true, number: '+13125550199' }],
    ['1 + 10 digits', '13125550199', { ok: true, number: '+13125550199' }],
    ['an E.164 number from a voicemail', '+13125550199', { ok: true, number: '+13125550199' }],
    ['too few digits', '312555019', { ok: false, reason: 'invalid' }],
    ['an area code starting with 0', '0125550199', { ok: false, reason: 'invalid' }],
    ['an exchange starting with 1', '3121550199', { ok: false, reason: 'invalid' }],
    ['an N11 service code as area code', '9115550199', { ok: false, reason: 'invalid' }],
    ['a 1-900 number', '19005550123', { ok: false, reason: 'premium' }],
    ['a 976 exchange', '2129765555', { ok: false, reason: 'premium' }],
    ['an international number', '011442079460000', { ok: false, reason: 'country' }],
    ['an E.164 number abroad', '+442079460000', { ok: false, reason: 'country' }],
  ])('%s: %s', (_, digits, verdict) => {
    expect(checkNumber(digits, ['1'])).toMatchObject(verdict);
  });
});

describe('with the United Kingdom allowed too', () => {
  it.each([
    ['a London number', '011442079460000', { ok: true, number: '+442079460000' }],
    ['a UK premium-rate 09 number', '011449098790000', { ok: false, reason: 'premium' }],
    ['a French number, still not allowed', '0113314567890', { ok: false, reason: 'country' }],
  ])('%s', (_, digits, verdict) => {
    expect(checkNumber(digits, ['1', '44'])).toMatchObject(verdict);
  });
});

it('reads North American numbers back in groups', () => {
  expect(spokenNumber('+13125550199')).toBe('3 1 2, 5 5 5, 0 1 9 9');
});

describe('the daily cap', () => {
  const dynamodb = mockClient(DynamoDBClient);
  const policy = createDialPolicy({
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: 't',
    now: () => Date.parse('2026-11-23T15:00:00Z'),
  });
  beforeEach(() => dynamodb.reset());

  it('takes one call from the day when the number is allowed', async () => {
    dynamodb.on(UpdateItemCommand).resolves({});
    const answer = await policy({ Digits: '3125550199', Line: '+12065550200', DailyCap: 5, Reserve: true });
    expect(answer).toMatchObject({ allowed: true, number: '+13125550199' });
    const update = dynamodb.commandCalls(UpdateItemCommand)[0].args[0].input;
    expect(update.Key).toEqual({ pk: { S: 'OUTBOUND#+12065550200' }, sk: { S: '2026-11-23' } });
    expect(update.ExpressionAttributeValues![':cap']).toEqual({ N: '5' });
  });

  it('refuses, in words, once the cap is reached', async () => {
    dynamodb
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    const answer = await policy({ Digits: '3125550199', Line: '+12065550200', Reserve: true });
    expect(answer).toMatchObject({
      allowed: false,
      reason: 'cap',
      message: expect.stringMatching(/all the calls it may make today/),
    });
  });

  it('does not count a refused number', async () => {
    await policy({ Digits: '9005550123', Line: '+12065550200', Reserve: true });
    expect(dynamodb.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it('says what is wrong with a bad request', async () => {
    await expect(policy({ Digits: '3125550199', Line: '+1', AllowedCountries: ['+1'] })).rejects.toThrow(
      /AllowedCountries/,
    );
  });
});
