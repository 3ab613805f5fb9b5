/**
 * RecordAudio (docs/aws/pstn-audio.md §4.6): records the leg until DurationInSeconds, a RecordingTerminators
 * key, or SilenceDurationInSeconds of silence (counted from the start and from the end of each utterance; the
 * lab's caller is either speaking or silent, so SilenceThreshold has nothing to measure). However it ends —
 * even interrupted or hung up — what was recorded is saved to RecordingDestination with the caller's words as
 * its transcript.
 */
import type { ActionOf } from '../../../functions/pstn';
import { recordingKey, recordingWav, type Sound } from '../recording';
import type { Outcome, Stage } from './stage';

type End = { how: 'limit' | 'silence' | 'aborted' } | { how: 'terminator'; key: string };

export async function recordAudio(stage: Stage): Promise<Outcome> {
  const { Parameters: p } = stage.action as ActionOf<'RecordAudio'>;
  const { clock } = stage;
  const startedAt = clock.now();
  const heard: (Sound & { text: string; language?: string })[] = [];
  const terminators = new Set<string>(p.RecordingTerminators);
  const cancels: (() => void)[] = [];
  let cancelSilence = () => {};

  const end = await new Promise<End>((resolve) => {
    let done = false;
    const finish = (how: End) => {
      if (done) return;
      done = true;
      resolve(how);
    };
    const silenceMs =
      p.SilenceDurationInSeconds !== undefined ? p.SilenceDurationInSeconds * 1000 : undefined;
    const armSilence = (afterMs: number) => {
      cancelSilence();
      if (silenceMs !== undefined)
        cancelSilence = clock.setTimer(afterMs + silenceMs, () => finish({ how: 'silence' }));
    };
    armSilence(0);
    if (p.DurationInSeconds !== undefined)
      cancels.push(clock.setTimer(p.DurationInSeconds * 1000, () => finish({ how: 'limit' })));
    cancels.push(
      stage.onDigit((key) => {
        if (!terminators.has(key)) return false;
        finish({ how: 'terminator', key });
        return true;
      }),
    );
    cancels.push(
      // a person still typing their words is still speaking: no silence timeout until they send them
      stage.onTyping((on) => (on ? cancelSilence() : armSilence(0))),
    );
    cancels.push(
      stage.onSpeech((text, ms, language) => {
        const from = clock.now() - startedAt;
        heard.push({ from, to: from + ms, text, ...(language ? { language } : {}) });
        armSilence(ms);
      }),
    );
    stage.emit({ type: 'recording-started' });
    const abort = () => finish({ how: 'aborted' });
    if (stage.signal.aborted) abort();
    stage.signal.addEventListener('abort', abort, { once: true });
  });
  cancelSilence();
  for (const cancel of cancels) cancel();

  const length = clock.now() - startedAt;
  const key = recordingKey(p.RecordingDestination.Prefix, stage.transactionId, stage.leg.callId, startedAt);
  const spoken = heard.filter((s) => s.from < length);
  const transcript = spoken.map((s) => s.text).join(' ');
  const language = spoken.find((s) => s.language)?.language;
  stage.emit({ type: 'recording-stopped' });
  try {
    await stage.media.saveRecording(
      p.RecordingDestination.BucketName,
      key,
      recordingWav(length, heard),
      transcript,
      language,
    );
  } catch {
    return {
      kind: 'failed',
      errorType: 'InvalidActionParameter',
      errorMessage: 'Error occurred while uploading recording to S3 bucket.',
    };
  }
  const result = {
    RecordingDestination: { Type: 'S3', BucketName: p.RecordingDestination.BucketName, Key: key },
    ...(end.how === 'terminator' ? { RecordingTerminatorUsed: end.key } : {}),
  };
  if (end.how === 'aborted') return { kind: 'stopped', reason: stage.signal.reason, result };
  return { kind: 'ok', result };
}
