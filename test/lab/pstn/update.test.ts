import { describe, expect, it } from 'vitest';
import { CALLER, LINE, play, respond, setup, speak } from './harness';

describe('UpdateSipMediaApplicationCall', () => {
  it('sends CALL_UPDATE_REQUESTED with the Arguments; a new list interrupts PlayAudio with ACTION_INTERRUPTED', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(play('hold.wav', { Repeat: 10 }), speak('old list')));
    t.lambda.once('CALL_UPDATE_REQUESTED', respond(speak('your answer is ready')));
    t.lambda.once(
      'ACTION_INTERRUPTED',
      respond(speak('ignored: responses to ACTION_INTERRUPTED are not run')),
    );
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(3000);
    expect(t.sim.updateCall({ transactionId: caller.transactionId, arguments: { answer: 'ready' } })).toEqual(
      {
        transactionId: caller.transactionId,
      },
    );
    await t.run(0);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'CALL_UPDATE_REQUESTED', 'ACTION_INTERRUPTED']);
    expect(t.lambda.events[1]).toMatchObject({
      ActionData: { Type: 'CallUpdateRequest', Parameters: { Arguments: { answer: 'ready' } } },
    });
    expect(t.lambda.events[2]).toMatchObject({
      ActionData: { Type: 'PlayAudio', Parameters: { Repeat: 10 } },
    });
    await t.run(5000);
    expect(caller.heard().map((p) => p.text ?? p.key)).toEqual(['hold.wav', 'your answer is ready']);
    expect(t.lambda.types().at(-1)).toBe('ACTION_SUCCESSFUL');
  });

  it('a response without actions leaves the playing prompt alone', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(play('hold.wav')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(1000);
    t.sim.updateCall({ transactionId: caller.transactionId, arguments: {} });
    await t.run(8999);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'CALL_UPDATE_REQUESTED']);
    await t.run(1);
    expect(t.lambda.types().at(-1)).toBe('ACTION_SUCCESSFUL');
  });

  it('a non-interruptible action finishes first, without its result, and then the new list runs', async () => {
    const t = setup();
    const sendDigits = (e: { CallDetails: { Participants: { CallId: string }[] } }) =>
      respond({
        Type: 'SendDigits',
        Parameters: {
          CallId: e.CallDetails.Participants[0]!.CallId,
          Digits: '1234',
          ToneDurationInMilliseconds: 500,
        },
      });
    t.lambda.once('NEW_INBOUND_CALL', sendDigits);
    t.lambda.once('CALL_UPDATE_REQUESTED', respond(speak('next')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(500);
    t.sim.updateCall({ transactionId: caller.transactionId, arguments: {} });
    await t.run(1499);
    expect(caller.heard()).toEqual([]);
    await t.run(1);
    expect(caller.heard().map((p) => p.text)).toEqual(['next']);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'CALL_UPDATE_REQUESTED']);
  });

  it.each([['an unknown transaction', () => 'no-such-transaction']])(
    'throws NotFoundException for %s and for an ended call',
    async (_name, id) => {
      const t = setup();
      expect(() => t.sim.updateCall({ transactionId: id(), arguments: {} })).toThrow(
        expect.objectContaining({ name: 'NotFoundException' }),
      );
      t.lambda.once('NEW_INBOUND_CALL', respond({ Type: 'Hangup', Parameters: {} }));
      const caller = t.sim.dial({ from: CALLER, to: LINE });
      await caller.ended;
      await t.settle();
      expect(() => t.sim.updateCall({ transactionId: caller.transactionId, arguments: {} })).toThrow(
        /doesn't exist/,
      );
    },
  );

  it('rejects more than 20 Arguments as BadRequestException', () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(speak('hi')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    const args = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    expect(() => t.sim.updateCall({ transactionId: caller.transactionId, arguments: args })).toThrow(
      expect.objectContaining({ name: 'BadRequestException' }),
    );
  });
});

describe('new lists and interruptible actions', () => {
  const holdWithDigits = [
    {
      Type: 'ReceiveDigits',
      Parameters: {
        InputDigitsRegex: '^0$',
        InBetweenDigitsDurationInMilliseconds: 500,
        FlushDigitsDurationInMilliseconds: 5000,
      },
    },
    play('hold.wav'),
  ];

  it('by default a DIGITS_RECEIVED response waits for the playing hold music to end (only updates interrupt)', async () => {
    const t = setup({ dtmfGapMs: 100 });
    t.lambda.once('NEW_INBOUND_CALL', respond(...holdWithDigits));
    t.lambda.once('DIGITS_RECEIVED', respond(speak('operator')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(1000);
    void caller.press('0');
    await t.run(10_000);
    expect(caller.heard().map((p) => p.text ?? p.key)).toEqual(['hold.wav', 'operator']);
    expect(t.lambda.types()).not.toContain('ACTION_INTERRUPTED');
  });

  it("with newListInterrupts 'always' any new list stops the hold music at once", async () => {
    const t = setup({ dtmfGapMs: 100, newListInterrupts: 'always' });
    t.lambda.once('NEW_INBOUND_CALL', respond(...holdWithDigits));
    t.lambda.once('DIGITS_RECEIVED', respond(speak('operator')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(1000);
    void caller.press('0');
    await t.run(500);
    expect(caller.heard().map((p) => p.text ?? p.key)).toEqual(['hold.wav', 'operator']);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'DIGITS_RECEIVED', 'ACTION_INTERRUPTED']);
  });

  it('an update interrupting RecordAudio still saves what was recorded', async () => {
    const t = setup();
    t.lambda.once(
      'NEW_INBOUND_CALL',
      respond({
        Type: 'RecordAudio',
        Parameters: { RecordingTerminators: ['#'], RecordingDestination: { Type: 'S3', BucketName: 'rec' } },
      }),
    );
    t.lambda.once('CALL_UPDATE_REQUESTED', respond(speak('stop')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(0);
    void caller.say('some words', { seconds: 1 });
    await t.run(2000);
    t.sim.updateCall({ transactionId: caller.transactionId, arguments: {} });
    await t.run(0);
    expect(t.saved).toMatchObject([{ bucket: 'rec', transcript: 'some words' }]);
    expect(t.lambda.last('ACTION_INTERRUPTED').ActionData).toMatchObject({
      Type: 'RecordAudio',
      RecordingDestination: { Key: t.saved[0]!.key },
    });
  });

  it('with apiRates set, UpdateSipMediaApplicationCall is limited like AWS (5 per second)', async () => {
    const t = setup({ apiRates: { create: 1, update: 5 } });
    t.lambda.on('NEW_INBOUND_CALL', respond(play('hold.wav')));
    const caller = t.sim.dial({ from: CALLER, to: LINE });
    await t.run(0);
    const update = () => t.sim.updateCall({ transactionId: caller.transactionId, arguments: {} });
    for (let i = 0; i < 5; i++) update();
    expect(update).toThrow(expect.objectContaining({ name: 'ThrottledClientException', statusCode: 429 }));
    await t.run(1000);
    expect(update).not.toThrow();
  });
});
