import { describe, expect, it } from 'vitest';
import { LINE, respond, setup, speak } from './harness';

const CUSTOMER = '+12065550777';

describe('CreateSipMediaApplicationCall', () => {
  it('answered: NEW_OUTBOUND_CALL (with the Arguments) → RINGING → CALL_ANSWERED, whose actions run', async () => {
    const t = setup();
    t.sim.phone(CUSTOMER, { answer: true, after: 4 });
    t.lambda.once('NEW_OUTBOUND_CALL', {
      SchemaVersion: '1.0',
      Actions: [speak('ignored')],
      TransactionAttributes: { reason: 'callback' },
    });
    t.lambda.once('CALL_ANSWERED', respond(speak('this is your callback')));
    const { transactionId } = t.sim.createCall({
      fromPhoneNumber: LINE,
      toPhoneNumber: CUSTOMER,
      argumentsMap: { ticket: '7' },
    });
    await t.run(3999);
    expect(t.lambda.types()).toEqual(['NEW_OUTBOUND_CALL', 'RINGING']);
    const [created, ringing] = t.lambda.events;
    expect(created).toMatchObject({
      Sequence: 1,
      ActionData: { Type: 'CallCreateRequest', Parameters: { Arguments: { ticket: '7' } } },
      CallDetails: {
        TransactionId: transactionId,
        Participants: [{ ParticipantTag: 'LEG-A', Direction: 'Outbound', From: LINE, To: CUSTOMER }],
      },
    });
    expect(created!.CallDetails).not.toHaveProperty('SipRuleId');
    expect(created!.CallDetails.Participants[0]).not.toHaveProperty('Status');
    expect(ringing).toMatchObject({
      Sequence: 2,
      CallDetails: { TransactionAttributes: { reason: 'callback' } },
    });
    expect(ringing).not.toHaveProperty('ActionData');
    await t.run(1);
    expect(t.lambda.last()).toMatchObject({ InvocationEventType: 'CALL_ANSWERED', Sequence: 3 });
    expect(t.lambda.last().CallDetails.Participants[0]!.Status).toBe('Connected');
    await t.run(2000);
    expect(t.sim.calls()[0]).toMatchObject({ direction: 'Outbound', state: 'connected' });
    expect(t.lambda.types()).toEqual(['NEW_OUTBOUND_CALL', 'RINGING', 'CALL_ANSWERED', 'ACTION_SUCCESSFUL']);
  });

  it('without an ArgumentsMap NEW_OUTBOUND_CALL has no ActionData', async () => {
    const t = setup();
    t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER });
    await t.settle();
    expect(t.lambda.events[0]).not.toHaveProperty('ActionData');
  });

  it.each([
    ['not answered', { answer: false }, 480],
    ['declined', { answer: false, after: 5 }, 486],
  ])('%s: HANGUP instead of CALL_ANSWERED, and the call ends', async (_name, behaviour, sipCode) => {
    const t = setup({ outboundRingSeconds: 30 });
    t.sim.phone(CUSTOMER, behaviour);
    t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER });
    await t.run(30_000);
    expect(t.lambda.types()).toEqual(['NEW_OUTBOUND_CALL', 'RINGING', 'HANGUP']);
    expect(t.lambda.last()).toMatchObject({
      ActionData: { Parameters: { SipResponseCode: sipCode, ParticipantTag: 'LEG-A' } },
    });
    expect(t.sim.calls()[0]!.state).toBe('ended');
  });

  it.each([
    [{ fromPhoneNumber: LINE, toPhoneNumber: 'not-a-number' }, /ToPhoneNumber/],
    [{ fromPhoneNumber: '+12065551111', toPhoneNumber: CUSTOMER }, /not a number of this account/],
    [
      { fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER, sipHeaders: { 'X-AMZN-Thing': '1' } },
      /X-AMZN is reserved/,
    ],
  ])('refuses a bad request with BadRequestException', (request, message) => {
    const t = setup();
    expect(() => t.sim.createCall(request)).toThrow(message);
  });

  it('the answering phone is a CallerHandle that hears the prompts and can hang up', async () => {
    const t = setup();
    let person: ReturnType<typeof t.sim.dial> | undefined;
    t.sim.phone(CUSTOMER, 'manual').onRing((r) => (person = r.answer()));
    t.lambda.once('CALL_ANSWERED', respond(speak('hello from the business')));
    t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER });
    await t.run(100);
    await person!.waitFor(/business/);
    await person!.hangup();
    await t.settle();
    expect(t.lambda.types().slice(-2)).toEqual(['ACTION_SUCCESSFUL', 'HANGUP']);
  });
});

describe('scripted phones', () => {
  it('a scripted phone presses its keys when asked and says its words when recorded', async () => {
    const t = setup();
    t.sim.phone(CUSTOMER, { answer: true, press: '1', say: 'yes I will' });
    t.lambda.once(
      'CALL_ANSWERED',
      respond({
        Type: 'SpeakAndGetDigits',
        Parameters: {
          SpeechParameters: { Text: 'press one' },
          FailureSpeechParameters: { Text: 'sorry' },
          MaxNumberOfDigits: 1,
          RepeatDurationInMilliseconds: 3000,
        },
      }),
    );
    t.lambda.once(
      'ACTION_SUCCESSFUL',
      respond({
        Type: 'RecordAudio',
        Parameters: {
          DurationInSeconds: 5,
          RecordingTerminators: ['#'],
          RecordingDestination: { Type: 'S3', BucketName: 'rec' },
        },
      }),
    );
    t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER });
    await t.run(10_000);
    expect(t.lambda.events.find((e) => e.InvocationEventType === 'ACTION_SUCCESSFUL')).toMatchObject({
      ActionData: { ReceivedDigits: '1' },
    });
    expect(t.saved[0]).toMatchObject({ transcript: 'yes I will' });
  });

  it('with apiRates set, CreateSipMediaApplicationCall is limited like AWS (1 per second)', async () => {
    const t = setup({ apiRates: { create: 1, update: 5 } });
    t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER });
    expect(() => t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER })).toThrow(
      /too many requests/,
    );
    await t.run(1000);
    expect(() => t.sim.createCall({ fromPhoneNumber: LINE, toPhoneNumber: CUSTOMER })).not.toThrow();
  });
});

describe('Voice API errors', () => {
  it('are ChimeVoiceErrors the edge provider answers as is', async () => {
    const { ChimeVoiceError } = await import('../../../lab/services/chime/errors');
    const t = setup();
    const attempt = () =>
      t.sim.createCall({
        sipMediaApplicationId: 'other-sma',
        fromPhoneNumber: LINE,
        toPhoneNumber: CUSTOMER,
      });
    expect(attempt).toThrow(ChimeVoiceError);
    expect(attempt).toThrow(expect.objectContaining({ errorName: 'NotFoundException', statusCode: 404 }));
  });
});
