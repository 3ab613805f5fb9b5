import {
  ChimeSDKVoiceClient,
  CreateSipMediaApplicationCallCommand,
  ThrottledClientException,
} from '@aws-sdk/client-chime-sdk-voice';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, callFor, createPlaceCall } from '../../../functions/place-call';

const REQUEST = {
  Line: '+12065550200',
  Owner: '+12065550100',
  Customer: '+13125550177',
  Attempt: 1,
  MaxAttempts: 2,
  RetryMinutes: 5,
};

describe('the call a scheduled callback asks for', () => {
  it('rings the owner from the business number, with the customer and the attempt as arguments', () => {
    expect(callFor(REQUEST)).toEqual({
      FromPhoneNumber: '+12065550200',
      ToPhoneNumber: '+12065550100',
      ArgumentsMap: {
        Purpose: 'callback',
        Customer: '+13125550177',
        Attempt: '1',
        MaxAttempts: '2',
        RetryMinutes: '5',
      },
    });
  });

  it.each([
    [{ ...REQUEST, Customer: '3125550177' }, /Customer must be an E.164 number/],
    [{ ...REQUEST, Owner: undefined }, /Owner must be an E.164 number/],
    [{ ...REQUEST, Attempt: 0 }, /Attempt must be a whole number/],
  ])('refuses a bad schedule input %#', (request, message) => {
    expect(() => callFor(request as never)).toThrow(message);
  });

  it('backs off 1, 2, 4 s after throttling', () => {
    expect([1, 2, 3].map(backoffMs)).toEqual([1000, 2000, 4000]);
  });
});

describe('placing the call', () => {
  const chime = mockClient(ChimeSDKVoiceClient);
  const slept: number[] = [];
  const place = createPlaceCall({
    chime: new ChimeSDKVoiceClient({ region: 'us-east-1' }),
    sipMediaApplicationId: 'sma-1',
    sleep: async (ms) => {
      slept.push(ms);
    },
    maxTries: 3,
  });
  beforeEach(() => {
    chime.reset();
    slept.length = 0;
  });
  const throttled = () => new ThrottledClientException({ message: 'Rate exceeded', $metadata: {} });

  it('retries when throttled, then places the call', async () => {
    chime
      .on(CreateSipMediaApplicationCallCommand)
      .rejectsOnce(throttled())
      .resolves({ SipMediaApplicationCall: { TransactionId: 'tx-9' } });
    expect(await place(REQUEST)).toEqual({ transactionId: 'tx-9' });
    expect(slept).toEqual([1000]);
    expect(chime.commandCalls(CreateSipMediaApplicationCallCommand)[1].args[0].input).toMatchObject({
      SipMediaApplicationId: 'sma-1',
      ToPhoneNumber: '+12065550100',
    });
  });

  it('gives up after the last try', async () => {
    chime.on(CreateSipMediaApplicationCallCommand).rejects(throttled());
    await expect(place(REQUEST)).rejects.toThrow(/Rate exceeded/);
    expect(chime.commandCalls(CreateSipMediaApplicationCallCommand)).toHaveLength(3);
  });

  it('does not retry other errors', async () => {
    chime.on(CreateSipMediaApplicationCallCommand).rejects(new Error('BadRequest'));
    await expect(place(REQUEST)).rejects.toThrow(/BadRequest/);
    expect(slept).toEqual([]);
  });

  it('fails with InvalidCallback, naming the field, for a bad input', async () => {
    await expect(place({ ...REQUEST, Line: 'business' })).rejects.toMatchObject({
      name: 'InvalidCallback',
      message: expect.stringMatching(/^Line/),
    });
  });
});
