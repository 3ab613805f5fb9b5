import { describe, expect, it } from 'vitest';
import { CALLER, LINE, hangup, pause, play, respond, setup, speak } from './harness';

/** Dials with one action list and returns when the list's first event after NEW_INBOUND_CALL arrives. */
async function timeOf(
  actions: unknown[] | ((callId: string) => unknown[]),
  drive?: (
    t: ReturnType<typeof setup>,
    phone: ReturnType<ReturnType<typeof setup>['sim']['dial']>,
  ) => Promise<void>,
) {
  const t = setup();
  t.lambda.once('NEW_INBOUND_CALL', (e: { CallDetails: { Participants: { CallId: string }[] } }) =>
    respond(...(typeof actions === 'function' ? actions(e.CallDetails.Participants[0]!.CallId) : actions)),
  );
  const phone = t.sim.dial({ from: CALLER, to: LINE });
  await t.settle();
  const start = t.clock.now();
  if (drive) await drive(t, phone);
  await t.settle();
  for (let i = 0; i < 600 && t.lambda.events.length < 2; i++) await t.run(100);
  return { ms: t.clock.now() - start, event: t.lambda.events[1]!, phone, t };
}

describe('media actions take their time on the lab clock', () => {
  it('Speak lasts as long as its words take to say', async () => {
    const { ms, event, phone } = await timeOf([speak('three short words')]);
    expect(ms).toBe(1200);
    expect(event).toMatchObject({ InvocationEventType: 'ACTION_SUCCESSFUL', ActionData: { Type: 'Speak' } });
    expect(phone.heard()).toMatchObject([{ kind: 'speak', text: 'three short words' }]);
  });

  it('PlayAudio lasts the WAV times Repeat, and the caller hears each repetition', async () => {
    const { ms, event, phone } = await timeOf([play('hello.wav', { Repeat: '3' })]);
    expect(ms).toBe(6000);
    expect(event.InvocationEventType).toBe('ACTION_SUCCESSFUL');
    expect(phone.heard().map((p) => p.key)).toEqual(['hello.wav', 'hello.wav', 'hello.wav']);
    expect(
      (event as { ActionData: { Parameters: Record<string, unknown> } }).ActionData.Parameters.Repeat,
    ).toBe(3);
  });

  it('a PlaybackTerminators key stops PlayAudio at once and it is not repeated; other keys are ignored', async () => {
    const { ms, phone } = await timeOf(
      [play('hold.wav', { Repeat: 5, PlaybackTerminators: ['#'] })],
      async (t, p) => {
        await t.run(1000);
        await p.press('1');
        await t.run(1000);
        void p.press('#');
      },
    );
    expect(ms).toBe(2000);
    expect(phone.heard()).toHaveLength(1);
  });

  it('a missing or unreadable WAV is InvalidAudioSource', async () => {
    const { event } = await timeOf([play('broken.wav')]);
    expect(event).toMatchObject({
      InvocationEventType: 'ACTION_FAILED',
      ActionData: { ErrorType: 'InvalidAudioSource' },
    });
  });

  it('Pause lasts DurationInMilliseconds', async () => {
    const { ms } = await timeOf([pause(2500)]);
    expect(ms).toBe(2500);
  });

  it('SendDigits sounds each key for ToneDurationInMilliseconds and a comma for half a second', async () => {
    const { ms, event, phone } = await timeOf((CallId) => [
      { Type: 'SendDigits', Parameters: { CallId, Digits: '12,3', ToneDurationInMilliseconds: 100 } },
    ]);
    expect(ms).toBe(800);
    expect(event.InvocationEventType).toBe('ACTION_SUCCESSFUL');
    expect(phone.events().find((e) => e.type === 'tones')).toMatchObject({ count: 3 });
  });

  it('ACTION_SUCCESSFUL comes once, at the end of a list of plain actions, describing the last one', async () => {
    const { ms, event, t } = await timeOf([speak('one'), pause(1000), speak('two words')]);
    expect(ms).toBe(400 + 1000 + 800);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL']);
    expect(event).toMatchObject({ ActionData: { Type: 'Speak', Parameters: { Text: 'two words' } } });
  });

  it('VoiceFocus is accepted and echoed', async () => {
    const { event, t } = await timeOf((CallId) => [
      { Type: 'VoiceFocus', Parameters: { Enable: true, CallId } },
    ]);
    expect(event).toMatchObject({
      InvocationEventType: 'ACTION_SUCCESSFUL',
      ActionData: { Type: 'VoiceFocus' },
    });
    expect(event.InvocationEventType).toBe('ACTION_SUCCESSFUL');
    expect(t.lambda.types()).toHaveLength(2);
  });

  it('StartBotConversation is not simulated in the lab and says so in a clear ACTION_FAILED', async () => {
    const BotAliasArn = 'arn:aws:lex:us-west-2:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST';
    const { event } = await timeOf([{ Type: 'StartBotConversation', Parameters: { BotAliasArn } }]);
    expect(event).toMatchObject({
      InvocationEventType: 'ACTION_FAILED',
      ActionData: {
        ErrorType: 'SystemException',
        ErrorMessage: expect.stringContaining('StartBotConversation is not simulated in the Phone Lab'),
      },
    });
  });

  it.each([
    ['JoinChimeMeeting', (_: string) => ({ JoinToken: 'token' })],
    [
      'StartCallRecording',
      (CallId: string) => ({ CallId, Track: 'BOTH', Destination: { Type: 'S3', Location: 'recordings' } }),
    ],
  ])(
    '%s is not simulated either, reported in its own failure shape ("Error": "<Code>: <message>")',
    async (Type, parameters) => {
      const { event } = await timeOf((CallId) => [{ Type, Parameters: parameters(CallId) }]);
      expect(event).toMatchObject({
        InvocationEventType: 'ACTION_FAILED',
        ActionData: {
          Type,
          Error: expect.stringMatching(/^SystemException: .*not simulated in the Phone Lab/),
        },
      });
      expect(event).not.toHaveProperty('ActionData.ErrorType');
    },
  );
});

describe('Hangup', () => {
  it('ends a single-leg call with HANGUP (no ACTION_SUCCESSFUL), the SIP code as a number and the leg Disconnected', async () => {
    const { event, phone, t } = await timeOf([speak('bye'), hangup({ ParticipantTag: '' })]);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'HANGUP']);
    expect(event).toMatchObject({
      InvocationEventType: 'HANGUP',
      ActionData: {
        Type: 'Hangup',
        Parameters: { SipResponseCode: 0, ParticipantTag: 'LEG-A', CallId: phone.callId },
      },
    });
    expect(event.CallDetails.Participants[0]!.Status).toBe('Disconnected');
    expect(await phone.ended).toMatchObject({ by: 'system', sipCode: 0 });
    expect(t.sim.calls()[0]!.state).toBe('ended');
  });

  it('as the first action rejects the inbound call unanswered with its SIP code', async () => {
    const { phone } = await timeOf([hangup({ SipResponseCode: 486 })]);
    expect(phone.events().map((e) => e.type)).toEqual(['hangup']);
    expect(await phone.ended).toMatchObject({ sipCode: 486 });
  });
});
