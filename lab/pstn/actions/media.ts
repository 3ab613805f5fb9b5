/**
 * Speak, PlayAudio, Pause, SendDigits, VoiceFocus: actions that only take time on the
 * leg (docs/aws/pstn-audio.md §4).
 */
import type { ActionOf } from '../../../functions/pstn';
import { load, play, speech } from './prompt';
import { hold, stopped, type Outcome, type Stage } from './stage';

export async function speak(stage: Stage): Promise<Outcome> {
  const { Parameters } = stage.action as ActionOf<'Speak'>;
  const loaded = await load(stage, speech(Parameters));
  if (!loaded.ok) return { kind: 'failed', errorType: loaded.errorType, errorMessage: loaded.errorMessage };
  try {
    const synthesis = stage.settings.speakFirstAudioMs ?? 0;
    if (synthesis > 0 && (await hold(stage, synthesis)) === 'cut') return stopped(stage);
    await play(stage, loaded);
    return { kind: 'ok' };
  } catch {
    return stopped(stage);
  }
}

/** Plays the WAV `Repeat` times (0 counts as 1); a key in PlaybackTerminators stops it at once and it is not repeated. */
export async function playAudio(stage: Stage): Promise<Outcome> {
  const { Parameters } = stage.action as ActionOf<'PlayAudio'>;
  const loaded = await load(stage, Parameters.AudioSource);
  if (!loaded.ok) return { kind: 'failed', errorType: loaded.errorType, errorMessage: loaded.errorMessage };
  const terminators = new Set<string>(Parameters.PlaybackTerminators ?? []);
  const cut = new AbortController();
  const off = stage.onDigit((key) => {
    if (!terminators.has(key)) return false;
    cut.abort();
    return true;
  });
  try {
    // Repeat 0 plays once, as on AWS (functions/pstn/actions/media.ts)
    for (let i = 0; i < Math.max(1, Parameters.Repeat ?? 1); i++) {
      if ((await play(stage, loaded, cut.signal)) === 'cut') break;
    }
    return { kind: 'ok' };
  } catch {
    return stopped(stage);
  } finally {
    off();
  }
}

export async function pause(stage: Stage): Promise<Outcome> {
  const { Parameters } = stage.action as ActionOf<'Pause'>;
  try {
    await hold(stage, Parameters.DurationInMilliseconds);
    return { kind: 'ok' };
  } catch {
    return stopped(stage);
  }
}

/** Each key sounds for ToneDurationInMilliseconds; a comma is a 0.5 s pause. The leg hears tones, not digits. */
export async function sendDigits(stage: Stage): Promise<Outcome> {
  const { Parameters } = stage.action as ActionOf<'SendDigits'>;
  const tone = Parameters.ToneDurationInMilliseconds ?? 250;
  const symbols = [...Parameters.Digits];
  const keys = symbols.filter((s) => s !== ',').length;
  stage.emit({ type: 'tones', count: keys });
  try {
    await hold(stage, keys * tone + (symbols.length - keys) * 500);
    return { kind: 'ok' };
  } catch {
    return stopped(stage);
  }
}

/** Noise reduction has nothing to reduce in the lab: accepted and echoed. */
export async function voiceFocus(): Promise<Outcome> {
  return { kind: 'ok' };
}
