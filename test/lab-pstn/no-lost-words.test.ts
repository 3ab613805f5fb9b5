/**
 * No word is lost without the person being told: words said while nothing listens are marked not heard; an
 * interactive phone holds words typed ahead of a recording and speaks them when it starts; while a person types,
 * the recording's silence timeout waits. Scenarios (no `hold`) keep their exact timing.
 */
import { describe, expect, it } from 'vitest';
import { CALLER, LINE, pause, respond, setup } from './harness';

const record = (silenceSeconds: number) => ({
  Type: 'RecordAudio',
  Parameters: {
    RecordingTerminators: ['#'],
    SilenceDurationInSeconds: silenceSeconds,
    DurationInSeconds: 60,
    RecordingDestination: { Type: 'S3', BucketName: 'voicemail', Prefix: 'inbox' },
  },
});

async function call(actions: unknown[]) {
  const t = setup();
  t.lambda.once('NEW_INBOUND_CALL', respond(...actions));
  const phone = t.sim.dial({ from: CALLER, to: LINE });
  await t.settle();
  return { ...t, phone };
}

describe('words said while nothing listens', () => {
  it('are marked not heard, at the moment they are said (a scenario keeps its timing)', async () => {
    const t = await call([pause(3000), record(2)]);
    const said = t.clock.now();
    void t.phone.say('is anyone there', { seconds: 1 });
    await t.run(0);
    expect(t.phone.events()).toContainEqual({ type: 'not-heard', text: 'is anyone there', at: said });
    await t.run(10_000);
    expect(t.saved[0]?.transcript).toBe('');
  });

  it('typed ahead at an interactive phone, they wait for the recording and are spoken when it starts', async () => {
    const t = await call([pause(3000), record(2)]);
    await t.phone.say('I need a plumber', { hold: true, seconds: 1.5 });
    const types = () => t.phone.events().map((e) => e.type);
    expect(types()).toContain('words-held');
    expect(types()).not.toContain('not-heard');
    await t.run(3000 + 1500 + 2000 + 10);
    expect(types()).toEqual(
      expect.arrayContaining(['words-held', 'recording-started', 'words-spoken', 'recording-stopped']),
    );
    expect(types().indexOf('words-spoken')).toBeGreaterThan(types().indexOf('recording-started'));
    expect(t.saved[0]?.transcript).toBe('I need a plumber');
  });

  it('held words the call ends before are reported not heard', async () => {
    const t = await call([pause(3000), record(2)]);
    await t.phone.say('hello?', { hold: true });
    await t.phone.hangup();
    await t.run(0);
    const types = t.phone.events().map((e) => e.type);
    expect(types.slice(-2)).toEqual(['not-heard', 'hangup']);
  });
});

describe('a person typing', () => {
  it('keeps the recording open past its silence timeout until the words are sent', async () => {
    const t = await call([record(2)]);
    await t.run(500);
    t.phone.typing(true);
    await t.run(10_000); // a slow typist: five silence timeouts long
    expect(t.phone.events().map((e) => e.type)).not.toContain('recording-stopped');
    void t.phone.say('do you fix boilers on Sundays', { seconds: 2 });
    await t.run(2000 + 1999);
    expect(t.phone.events().map((e) => e.type)).not.toContain('recording-stopped');
    await t.run(2);
    expect(t.phone.events().map((e) => e.type)).toContain('recording-stopped');
    expect(t.saved[0]?.transcript).toBe('do you fix boilers on Sundays');
  });

  it('who gives up typing lets the silence timeout run again', async () => {
    const t = await call([record(2)]);
    t.phone.typing(true);
    await t.run(5000);
    t.phone.typing(false);
    await t.run(2001);
    expect(t.phone.events().map((e) => e.type)).toContain('recording-stopped');
  });
});
