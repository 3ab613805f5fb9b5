import { describe, expect, it } from 'vitest';
import type { PstnEvent } from '../../../functions/pstn';
import { CALLER, LINE, respond, setup, speak } from './harness';

const getDigits = (extra: Record<string, unknown> = {}) => ({
  Type: 'SpeakAndGetDigits',
  Parameters: {
    SpeechParameters: { Text: 'enter your code' }, // 3 words = 1200 ms
    FailureSpeechParameters: { Text: 'invalid' }, // 400 ms
    MinNumberOfDigits: 2,
    MaxNumberOfDigits: 4,
    RepeatDurationInMilliseconds: 3000,
    InBetweenDigitsDurationInMilliseconds: 1000,
    ...extra,
  },
});

async function call(actions: unknown[]) {
  const t = setup({ dtmfGapMs: 100 });
  t.lambda.once('NEW_INBOUND_CALL', respond(...actions));
  const phone = t.sim.dial({ from: CALLER, to: LINE });
  await t.settle();
  return { ...t, phone };
}

const result = (e: PstnEvent | undefined) => (e && 'ActionData' in e ? e.ActionData : undefined);

describe('Play/SpeakAndGetDigits', () => {
  it('collects keys after the prompt up to the terminator, which is not part of ReceivedDigits', async () => {
    const t = await call([getDigits(), speak('never reached')]);
    await t.run(1200);
    expect(t.phone.events().at(-1)).toMatchObject({ type: 'digits-requested' });
    void t.phone.press('123#');
    await t.run(300);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL']);
    expect(result(t.lambda.last())).toMatchObject({ Type: 'SpeakAndGetDigits', ReceivedDigits: '123' });
  });

  it('stops at MaxNumberOfDigits without waiting', async () => {
    const t = await call([getDigits()]);
    await t.run(1200);
    void t.phone.press('98765');
    await t.run(300);
    expect(result(t.lambda.last())).toMatchObject({ ReceivedDigits: '9876' });
  });

  it('a key during the prompt cuts it short and counts', async () => {
    const t = await call([getDigits()]);
    await t.run(500);
    void t.phone.press('42');
    await t.run(100);
    await t.run(999);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL']);
    await t.run(1);
    expect(result(t.lambda.last())).toMatchObject({ ReceivedDigits: '42' });
  });

  it('ends the entry after InBetweenDigitsDurationInMilliseconds of no keys', async () => {
    const t = await call([getDigits()]);
    await t.run(1200);
    await t.phone.press('7');
    await t.run(500);
    await t.phone.press('7');
    await t.run(999);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL']);
    await t.run(1);
    expect(result(t.lambda.last())).toMatchObject({ ReceivedDigits: '77' });
  });

  it('too few keys play the failure prompt and the prompt again; after Repeat attempts ACTION_FAILED discards the rest', async () => {
    const t = await call([getDigits({ Repeat: 2 }), speak('never reached')]);
    await t.run(1200);
    await t.phone.press('1'); // below MinNumberOfDigits
    await t.run(1000 + 400 + 1200 + 3000 + 400);
    expect(t.phone.heard().map((p) => p.text)).toEqual([
      'enter your code',
      'invalid',
      'enter your code',
      'invalid',
    ]);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_FAILED']);
    expect(result(t.lambda.last())).toMatchObject({
      Type: 'SpeakAndGetDigits',
      ErrorType: 'InvalidActionParameter',
    });
  });

  it('an entry that does not match InputDigitsRegex is a failed attempt', async () => {
    const t = await call([getDigits({ InputDigitsRegex: '^1\\d+$', Repeat: 2 })]);
    await t.run(1200);
    void t.phone.press('22#');
    await t.run(200 + 400 + 1200);
    void t.phone.press('12#');
    await t.run(200);
    expect(result(t.lambda.last())).toMatchObject({ ReceivedDigits: '12' });
  });

  it('PlayAudioAndGetDigits plays its WAV and reports ACTION_SUCCESSFUL even mid-list (result-bearing)', async () => {
    const t = await call([
      {
        Type: 'PlayAudioAndGetDigits',
        Parameters: {
          AudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'hello.wav' },
          FailureAudioSource: { Type: 'S3', BucketName: 'prompts', Key: 'beep.wav' },
          RepeatDurationInMilliseconds: 2000,
        },
      },
      speak('next'),
    ]);
    await t.run(2000);
    void t.phone.press('5#');
    await t.run(100);
    expect(result(t.lambda.last())).toMatchObject({ Type: 'PlayAudioAndGetDigits', ReceivedDigits: '5' });
    await t.run(400);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'ACTION_SUCCESSFUL']);
  });
});

describe('ReceiveDigits', () => {
  const receive = {
    Type: 'ReceiveDigits',
    Parameters: {
      InputDigitsRegex: '^\\d{2}#$',
      InBetweenDigitsDurationInMilliseconds: 1000,
      FlushDigitsDurationInMilliseconds: 10000,
    },
  };

  it('arms at once (ACTION_SUCCESSFUL with empty ReceivedDigits) and later sends DIGITS_RECEIVED when the keys match', async () => {
    const t = await call([receive]);
    await t.run(0);
    expect(result(t.lambda.last())).toMatchObject({ Type: 'ReceiveDigits', ReceivedDigits: '' });
    await t.run(5000);
    void t.phone.press('11#'); // keys at +0, +100, +200 ms
    await t.run(1199);
    expect(t.lambda.types()).toHaveLength(2);
    await t.run(1);
    expect(t.lambda.last()).toMatchObject({
      InvocationEventType: 'DIGITS_RECEIVED',
      ActionData: {
        Type: 'ReceiveDigits',
        ReceivedDigits: '11#',
        Parameters: { InputDigitsRegex: '^\\d{2}#$' },
      },
    });
  });

  it('listens in the background while other actions play, and keys that do not match are not reported', async () => {
    const t = await call([receive, speak('a long prompt of seven words here')]);
    await t.run(100);
    await t.phone.press('9');
    await t.run(1100);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL']);
    await t.run(11_000); // the flush clears the '9'
    void t.phone.press('42#');
    await t.run(1200);
    expect(t.lambda.types()).toEqual(['NEW_INBOUND_CALL', 'ACTION_SUCCESSFUL', 'DIGITS_RECEIVED']);
    expect(result(t.lambda.last())).toMatchObject({ ReceivedDigits: '42#' });
  });
});
