import { describe, expect, it } from 'vitest';
import { CALLER, LINE, respond, setup, speak } from './harness';

const record = (extra: Record<string, unknown> = {}) => ({
  Type: 'RecordAudio',
  Parameters: {
    RecordingTerminators: ['#'],
    RecordingDestination: { Type: 'S3', BucketName: 'voicemail', Prefix: 'inbox' },
    ...extra,
  },
});

async function call(actions: unknown[], settings = {}) {
  const t = setup(settings);
  t.lambda.once('NEW_INBOUND_CALL', respond(...actions));
  const phone = t.sim.dial({ from: CALLER, to: LINE });
  await t.settle();
  return { ...t, phone, start: t.clock.now() };
}

describe('RecordAudio', () => {
  it('ends after SilenceDurationInSeconds of silence following the speech, and saves the WAV with the words as transcript', async () => {
    const t = await call([record({ SilenceDurationInSeconds: 3, DurationInSeconds: 60 })]);
    await t.run(1000);
    void t.phone.say('please call me back', { seconds: 2 });
    await t.run(2000 + 2999);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL']);
    await t.run(1);
    const event = t.lambda.last();
    expect(event).toMatchObject({
      InvocationEventType: 'ACTION_SUCCESSFUL',
      ActionData: {
        Type: 'RecordAudio',
        RecordingDestination: { Type: 'S3', BucketName: 'voicemail', Key: expect.stringMatching(/^inbox\//) },
      },
    });
    expect(event).not.toHaveProperty('ActionData.RecordingTerminatorUsed');
    const [saved] = t.saved;
    expect(saved).toMatchObject({ bucket: 'voicemail', transcript: 'please call me back' });
    expect(saved!.key).toBe(
      (event as { ActionData: { RecordingDestination: { Key: string } } }).ActionData.RecordingDestination
        .Key,
    );
    expect(saved!.wav.readUInt32LE(40)).toBe(6 * 8000 * 2); // 6 s of 8 kHz 16-bit mono
    expect(t.phone.events().map((e) => e.type)).toEqual([
      'answered',
      'recording-started',
      'recording-stopped',
    ]);
  });

  it('a terminator key ends it and is reported as RecordingTerminatorUsed', async () => {
    const t = await call([record()]);
    void t.phone.say('hello', { seconds: 1 });
    await t.run(1500);
    void t.phone.press('#');
    await t.run(0);
    expect(t.lambda.last().ActionData).toMatchObject({ RecordingTerminatorUsed: '#' });
    expect(t.clock.now() - t.start).toBe(1500);
  });

  it('stops at DurationInSeconds however long the caller talks', async () => {
    const t = await call([record({ DurationInSeconds: 2 })]);
    void t.phone.say('a very long story', { seconds: 10 });
    await t.run(1999);
    expect(t.lambda.types()).toHaveLength(1);
    await t.run(1);
    expect(t.lambda.last().InvocationEventType).toBe('ACTION_SUCCESSFUL');
    expect(t.saved[0]!.wav.readUInt32LE(40)).toBe(2 * 16000);
  });

  it('speech outside a recording is not recorded', async () => {
    const t = await call([speak('leave a message after the beep'), record({ DurationInSeconds: 3 })]);
    void t.phone.say('too early', { seconds: 1 });
    await t.run(2400 + 3000);
    expect(t.saved[0]!.transcript).toBe('');
  });

  it('the caller hanging up mid-recording keeps what was recorded; ACTION_SUCCESSFUL (Disconnected) then HANGUP', async () => {
    const t = await call([record({ DurationInSeconds: 60 })]);
    void t.phone.say('hi this is Ana', { seconds: 2 });
    await t.run(2500);
    await t.phone.hangup();
    await t.settle();
    expect(t.saved).toHaveLength(1);
    expect(t.saved[0]).toMatchObject({ transcript: 'hi this is Ana' });
    expect(t.saved[0]!.wav.readUInt32LE(40)).toBe(2.5 * 16000);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'HANGUP']);
    const [, success, hangup] = t.lambda.events;
    expect(success!.CallDetails.Participants[0]!.Status).toBe('Disconnected');
    expect(success).toMatchObject({
      ActionData: { Type: 'RecordAudio', RecordingDestination: { Key: t.saved[0]!.key } },
    });
    expect(hangup).toMatchObject({
      ActionData: { Parameters: { SipResponseCode: 0, ParticipantTag: 'LEG-A' } },
    });
  });

  it('with precedeHangupWithActionResult off, a hang-up mid-recording sends only HANGUP (the recording is still kept)', async () => {
    const t = await call([record({ DurationInSeconds: 60 })], { precedeHangupWithActionResult: false });
    await t.run(1000);
    await t.phone.hangup();
    await t.settle();
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'HANGUP']);
    expect(t.saved).toHaveLength(1);
  });

  it('a recording that cannot be uploaded is ACTION_FAILED with the documented message', async () => {
    const t = setup();
    t.lambda.once('NEW_INBOUND_CALL', respond(record({ DurationInSeconds: 1 })));
    t.saved.push = () => {
      throw new Error('disk full');
    };
    t.sim.dial({ from: CALLER, to: LINE });
    await t.run(1000);
    expect(t.lambda.last().ActionData).toMatchObject({
      ErrorType: 'InvalidActionParameter',
      ErrorMessage: 'Error occurred while uploading recording to S3 bucket.',
    });
  });
});
