/** A prompt an action plays to its leg: Speak text or an S3 WAV, and how long it lasts on the lab clock. */
import type { S3AudioSource, SpeechSettings } from '../../../functions/pstn';
import { checkWav, wavDurationMs } from '../../services/media';
import { hold, type Stage } from './stage';

export type Prompt =
  | { kind: 'speak'; text: string; voice: string; language: string }
  | { kind: 'audio'; bucket: string; key: string };
export type Loaded =
  { ok: true; prompt: Prompt; ms: number } | { ok: false; errorType: string; errorMessage: string };

export const INVALID_AUDIO = {
  errorType: 'InvalidAudioSource',
  errorMessage: 'Audio Source parameter value is invalid.',
};

export function speech(settings: SpeechSettings): Prompt {
  const text =
    settings.TextType === 'ssml'
      ? settings.Text.replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : settings.Text;
  return {
    kind: 'speak',
    text,
    voice: settings.VoiceId ?? 'Joanna',
    language: settings.LanguageCode ?? 'en-US',
  };
}

export async function load(stage: Stage, source: Prompt | S3AudioSource): Promise<Loaded> {
  if ('kind' in source) {
    if (source.kind === 'speak')
      return { ok: true, prompt: source, ms: stage.media.speechDurationMs(source.text) };
    return load(stage, { Type: 'S3', BucketName: source.bucket, Key: source.key });
  }
  const prompt: Prompt = { kind: 'audio', bucket: source.BucketName, key: source.Key };
  try {
    const wav = await stage.media.getAudio(source.BucketName, source.Key);
    if (!wav || (stage.media.checkWav ?? checkWav)(wav).length > 0) return { ok: false, ...INVALID_AUDIO };
    const ms = (stage.media.wavDurationMs ?? wavDurationMs)(wav);
    return ms === undefined ? { ok: false, ...INVALID_AUDIO } : { ok: true, prompt, ms };
  } catch {
    return { ok: false, ...INVALID_AUDIO };
  }
}

/** Tells the leg the prompt starts, then holds for its length (or until `cut`). */
export async function play(
  stage: Stage,
  loaded: { prompt: Prompt; ms: number },
  cut?: AbortSignal,
): Promise<'done' | 'cut'> {
  const { prompt } = loaded;
  stage.emit(
    prompt.kind === 'speak'
      ? { type: 'prompt', kind: 'speak', text: prompt.text, voice: prompt.voice, language: prompt.language }
      : { type: 'prompt', kind: 'audio', bucket: prompt.bucket, key: prompt.key },
  );
  return hold(stage, loaded.ms, cut);
}
