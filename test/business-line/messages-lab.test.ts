/**
 * Messages worth keeping, through the whole lab: a recording with less than about a second of sound is not
 * a new message (it is kept as a missed call: the number and the time), and one caller cannot flood the
 * mailbox (DailyMessagesPerCaller, 3 a day, with a polite spoken refusal).
 */
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab';
import type { CallerHandle } from '../../lab/pstn';
import { labClientConfig } from '../../lab/services/sdk';

let lab: Lab;
let dynamodb: DynamoDBClient;
beforeAll(async () => {
  // after hours: every caller is offered voicemail
  lab = await startLab({ port: 0, speed: 50, start: '2026-11-24T21:00:00-05:00' });
  dynamodb = new DynamoDBClient(labClientConfig(lab.edgeUrl));
});
afterAll(async () => {
  dynamodb?.destroy();
  await lab?.close();
});

const line = () => lab.numbers['business-line'];

async function items(pk: string, caller: string): Promise<Record<string, unknown>[]> {
  const out = await dynamodb.send(
    new QueryCommand({
      TableName: lab.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': pk }),
    }),
  );
  return (out.Items ?? []).map((i) => unmarshall(i)).filter((i) => i.caller === caller);
}

/** Calls after hours, waits for the recording to start, does `then`, hangs up; resolves once it is filed. */
async function leaveMessage(caller: string, then: (call: CallerHandle) => Promise<void>): Promise<void> {
  const call = lab.dial('business-line', caller);
  await call.waitFor((e) => e.type === 'recording-started');
  await then(call);
  await call.hangup();
  for (let i = 0; i < 200; i++) {
    if (
      (await items(`VOICEMAIL#${line()}`, caller)).length + (await items(`MISSED#${line()}`, caller)).length
    )
      return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a recording with almost no sound', () => {
  it.each([
    ['hanging up as the recording starts', '+13125550171', async () => {}],
    ['0.3 s of silence', '+13125550172', (call: CallerHandle) => call.silence(300)],
    ['4 s of silence', '+13125550173', (call: CallerHandle) => call.silence(4000)],
    ['half a second of sound', '+13125550174', (call: CallerHandle) => call.say('Hm.', { seconds: 0.5 })],
  ])('%s is a missed call, not a new message', async (_, caller, then) => {
    await leaveMessage(caller, then);
    expect(await items(`VOICEMAIL#${line()}`, caller)).toEqual([]);
    expect(await items(`MISSED#${line()}`, caller)).toEqual([
      expect.objectContaining({ caller, status: 'missed', receivedAt: expect.stringMatching(/^2026-11-2/) }),
    ]);
  });

  it('two seconds of speech is a new message', async () => {
    await leaveMessage('+13125550175', (call) =>
      call.say('Please call me back about the boiler.', { seconds: 2 }),
    );
    expect(await items(`VOICEMAIL#${line()}`, '+13125550175')).toEqual([
      expect.objectContaining({ status: 'new', soundSeconds: expect.any(Number) }),
    ]);
  });
});

it('a fourth message from the same number in one day is politely refused', async () => {
  const caller = '+13125550176';
  for (let i = 0; i < 3; i++) {
    await leaveMessage(caller, (call) =>
      call.say(`Message number ${i + 1}, please call me.`, { seconds: 2 }),
    );
  }
  const fourth = lab.dial('business-line', caller);
  const heard = await fourth.waitFor(/cannot take another message from your number today|beep/i);
  expect('text' in heard && heard.text).toMatch(/cannot take another message from your number today/i);
  await fourth.ended;
  expect(await items(`VOICEMAIL#${line()}`, caller)).toHaveLength(3);
  const other = lab.dial('business-line', '+13125550177');
  await other.waitFor((e) => e.type === 'recording-started');
  await other.hangup();
}, 60_000);
