import { describe, expect, it } from 'vitest';
import { CALLER, LINE, RULE, SMA, respond, setup, speak } from './harness';

describe('the event envelope', () => {
  it('NEW_INBOUND_CALL carries the exact envelope: Sequence 1, SipRuleId, no Status, start time as a string', async () => {
    const { sim, lambda, settle, clock } = setup();
    sim.dial({ from: CALLER, to: LINE });
    await settle();
    const event = lambda.events[0]!;
    expect(event).toEqual({
      SchemaVersion: '1.0',
      Sequence: 1,
      InvocationEventType: 'NEW_INBOUND_CALL',
      CallDetails: {
        TransactionId: expect.any(String),
        AwsAccountId: '111122223333',
        AwsRegion: 'us-west-2',
        SipRuleId: RULE,
        SipMediaApplicationId: SMA,
        Participants: [
          {
            CallId: expect.any(String),
            ParticipantTag: 'LEG-A',
            To: LINE,
            From: CALLER,
            Direction: 'Inbound',
            StartTimeInMilliseconds: String(clock.now()),
          },
        ],
      },
    });
  });

  it('Sequence rises by one on every event of the transaction and the leg shows Connected once answered', async () => {
    const { sim, lambda, run } = setup();
    lambda.once('NEW_INBOUND_CALL', respond(speak('one')));
    lambda.once('ACTION_SUCCESSFUL', respond(speak('two')));
    sim.dial({ from: CALLER, to: LINE });
    await run(5000);
    expect(lambda.events.map((e) => e.Sequence)).toEqual([1, 2, 3]);
    expect(lambda.events[1]!.CallDetails.Participants[0]!.Status).toBe('Connected');
  });

  it('SIP headers of the inbound INVITE ride on LEG-A', async () => {
    const { sim, lambda, settle } = setup();
    sim.dial({ from: CALLER, to: LINE, sipHeaders: { 'X-Customer': '42' } });
    await settle();
    expect(lambda.events[0]!.CallDetails.Participants[0]!.SipHeaders).toEqual({ 'X-Customer': '42' });
  });

  it('a number the SMA does not serve is refused with 404 and the Lambda never hears of it', async () => {
    const { sim, lambda, settle } = setup();
    const phone = sim.dial({ from: CALLER, to: '+19995550000' });
    await settle();
    expect(await phone.ended).toMatchObject({ sipCode: 404, by: 'system' });
    expect(lambda.events).toHaveLength(0);
  });
});

describe('TransactionAttributes', () => {
  const steps = [
    { reply: { a: '1', b: '2' }, next: { a: '1', b: '2' }, name: 'a map is stored' },
    { reply: undefined, next: { a: '1', b: '2' }, name: 'an absent map keeps what is stored' },
    { reply: null, next: { a: '1', b: '2' }, name: 'null keeps what is stored' },
    { reply: { c: '3' }, next: { c: '3' }, name: 'a new map replaces (does not merge)' },
    { reply: {}, next: undefined, name: '{} clears, and the event then omits the field' },
  ];
  it(
    'follow replace-when-present, {} clears, null/absent keeps: ' + steps.map((s) => s.name).join('; '),
    async () => {
      const { sim, lambda, run } = setup();
      const responses = steps.map((s) => ({
        SchemaVersion: '1.0',
        Actions: [speak('hi')],
        ...(s.reply === undefined ? {} : { TransactionAttributes: s.reply }),
      }));
      lambda.once('NEW_INBOUND_CALL', responses[0]);
      lambda.once('ACTION_SUCCESSFUL', ...responses.slice(1), respond({ Type: 'Hangup', Parameters: {} }));
      sim.dial({ from: CALLER, to: LINE });
      await run(10_000);
      const seen = lambda.events.slice(1, steps.length + 1).map((e) => e.CallDetails.TransactionAttributes);
      expect(seen).toEqual(steps.map((s) => s.next));
      expect(lambda.events[0]!.CallDetails).not.toHaveProperty('TransactionAttributes');
    },
  );
});
