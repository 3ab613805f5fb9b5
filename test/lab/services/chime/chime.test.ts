import {
  ChimeSDKVoiceClient,
  CreateSipMediaApplicationCallCommand,
  UpdateSipMediaApplicationCallCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChimeVoiceError,
  TransactionNotFoundError,
  createChimeVoiceProvider,
  type CreateCallInput,
  type UpdateCallInput,
} from '../../../../lab/services/chime';
import { labClientConfig, startEdge, type Edge } from '../../../../lab/services';

const SMA = 'sma-0001';
let edge: Edge | undefined;
afterEach(async () => {
  await edge?.close();
  edge = undefined;
});

/** A lab with a manual clock for the quotas and a stand-in PSTN simulator that records what it was asked. */
async function lab(quotas?: { create?: number; update?: number }) {
  const time = { t: 1_000_000, now: () => time.t };
  const created: CreateCallInput[] = [];
  const updated: UpdateCallInput[] = [];
  const live = new Set<string>();
  const provider = createChimeVoiceProvider({
    clock: time,
    quotas,
    calls: {
      async create(input) {
        if (input.fromPhoneNumber === '+15550000000')
          throw new ChimeVoiceError('BadRequestException', 'Phone number is not in inventory.');
        created.push(input);
        const transactionId = `tx-${created.length}`;
        live.add(transactionId);
        return { transactionId };
      },
      async update(input) {
        if (!live.has(input.transactionId))
          throw new TransactionNotFoundError(input.sipMediaApplicationId, input.transactionId);
        updated.push(input);
      },
    },
  });
  edge = await startEdge({ port: 0, providers: [provider] });
  const client = new ChimeSDKVoiceClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
  return { client, time, created, updated };
}

const call = (overrides: Record<string, unknown> = {}) =>
  new CreateSipMediaApplicationCallCommand({
    SipMediaApplicationId: SMA,
    FromPhoneNumber: '+12065550100',
    ToPhoneNumber: '+12065550123',
    ...overrides,
  });

async function failure(promise: Promise<unknown>) {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata: { httpStatusCode: number } };
  expect(err, 'the request should have failed').toBeDefined();
  return { name: err.name, status: err.$metadata.httpStatusCode, message: err.message };
}

describe('CreateSipMediaApplicationCall on the lab edge', () => {
  it('places an outbound call with its arguments and SIP headers and returns the transaction id (201)', async () => {
    const { client, created } = await lab();
    const out = await client.send(
      call({ ArgumentsMap: { callback: 'yes' }, SipHeaders: { 'X-Order': '42', 'User-to-User': 'abc' } }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.SipMediaApplicationCall?.TransactionId).toBe('tx-1');
    expect(created).toEqual([
      {
        sipMediaApplicationId: SMA,
        fromPhoneNumber: '+12065550100',
        toPhoneNumber: '+12065550123',
        argumentsMap: { callback: 'yes' },
        sipHeaders: { 'X-Order': '42', 'User-to-User': 'abc' },
      },
    ]);
  });

  it('a second CreateSipMediaApplicationCall within a second is throttled', async () => {
    const { client, time, created } = await lab();
    await client.send(call());
    time.t += 999;
    expect(await failure(client.send(call()))).toEqual({
      name: 'ThrottledClientException',
      status: 429,
      message: 'Service received too many requests',
    });
    time.t += 1;
    await expect(client.send(call())).resolves.toBeDefined();
    expect(created).toHaveLength(2);
  });

  it('the quota is adjustable, as in AWS', async () => {
    const { client } = await lab({ create: 3 });
    for (let i = 0; i < 3; i++) await client.send(call());
    expect((await failure(client.send(call()))).name).toBe('ThrottledClientException');
  });

  it.each([
    [
      'a To number that is not E.164',
      { ToPhoneNumber: '206-555-0123' },
      "Value at 'toPhoneNumber' failed to satisfy constraint",
    ],
    [
      'no From number',
      { FromPhoneNumber: undefined },
      "Value null at 'fromPhoneNumber' failed to satisfy constraint: Member must not be null",
    ],
    [
      '21 arguments',
      { ArgumentsMap: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`a${i}`, 'v'])) },
      'Member must have length less than or equal to 20',
    ],
    [
      'a reserved X-AMZN header',
      { SipHeaders: { 'X-AMZN-Thing': '1' } },
      'headers starting with X-AMZN are reserved',
    ],
    [
      'a header that is not x-…, User-to-User or Diversion',
      { SipHeaders: { Subject: 'hi' } },
      "SIP header 'Subject' is not allowed",
    ],
    [
      'a header value over 2,048 characters',
      { SipHeaders: { 'X-Long': 'a'.repeat(2049) } },
      'longer than 2048 characters',
    ],
  ])('refuses %s with BadRequestException 400', async (_name, overrides, message) => {
    const { client, created } = await lab({ create: 100 });
    const err = await failure(client.send(call(overrides)));
    expect(err).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(err.message).toContain(message);
    expect(err.message).not.toContain('206');
    expect(created).toEqual([]);
  });

  it("passes on the simulator's own error, such as a From number not in the inventory", async () => {
    const { client } = await lab();
    expect(await failure(client.send(call({ FromPhoneNumber: '+15550000000' })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: 'Phone number is not in inventory.',
    });
  });
});

describe('UpdateSipMediaApplicationCall on the lab edge', () => {
  const update = (TransactionId: string, Arguments: Record<string, string> = { action: 'stop-music' }) =>
    new UpdateSipMediaApplicationCallCommand({ SipMediaApplicationId: SMA, TransactionId, Arguments });

  it('delivers the arguments to the live call and answers 202 with the transaction id', async () => {
    const { client, updated } = await lab();
    await client.send(call());
    const out = await client.send(update('tx-1'));
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect(out.SipMediaApplicationCall?.TransactionId).toBe('tx-1');
    expect(updated).toEqual([
      { sipMediaApplicationId: SMA, transactionId: 'tx-1', arguments: { action: 'stop-music' } },
    ]);
  });

  it('an empty Arguments map is allowed; a missing one is not', async () => {
    const { client } = await lab();
    await client.send(call());
    await expect(client.send(update('tx-1', {}))).resolves.toBeDefined();
    const noArguments = new UpdateSipMediaApplicationCallCommand({
      SipMediaApplicationId: SMA,
      TransactionId: 'tx-1',
      Arguments: undefined,
    });
    expect(await failure(client.send(noArguments))).toMatchObject({
      name: 'BadRequestException',
      status: 400,
    });
  });

  it('an unknown transaction is NotFoundException 404', async () => {
    const { client } = await lab();
    expect(await failure(client.send(update('tx-nope')))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: `Transaction tx-nope doesn't exist for SipMediaApplication ${SMA}`,
    });
  });

  it('a sixth update within a second is throttled; the next second admits more', async () => {
    const { client, time } = await lab();
    await client.send(call());
    for (let i = 0; i < 5; i++) await client.send(update('tx-1'));
    expect((await failure(client.send(update('tx-1')))).name).toBe('ThrottledClientException');
    time.t += 1000;
    await expect(client.send(update('tx-1'))).resolves.toBeDefined();
  });
});
