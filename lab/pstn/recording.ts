/**
 * What a RecordAudio writes: an 8 kHz, 16-bit, mono PCM WAV (docs/aws/pstn-audio.md §4.6) — silence as zeros,
 * the caller's speech as a quiet 440 Hz tone (the words themselves travel as the transcript) — and its object
 * key.
 */
import { encodeWav, LAB_SAMPLE_RATE } from '../services/media';

export interface Sound {
  /** ms from the start of the recording */
  from: number;
  to: number;
}

export function recordingWav(durationMs: number, sounds: Sound[]): Buffer {
  const samples = new Int16Array(Math.max(0, Math.round((durationMs * LAB_SAMPLE_RATE) / 1000)));
  for (const sound of sounds) {
    const first = Math.max(0, Math.round((sound.from * LAB_SAMPLE_RATE) / 1000));
    const last = Math.min(samples.length, Math.round((sound.to * LAB_SAMPLE_RATE) / 1000));
    for (let i = first; i < last; i++)
      samples[i] = Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / LAB_SAMPLE_RATE));
  }
  return encodeWav(samples, LAB_SAMPLE_RATE);
}

/**
 * The object key of a recording. AWS does not document its scheme (UNCONFIRMED) beyond "starts with Prefix";
 * the lab uses `<Prefix>/<TransactionId>/<CallId>-<lab epoch ms>.wav` (a "/" is added after the prefix unless
 * it already ends with one).
 */
export function recordingKey(
  prefix: string | undefined,
  transactionId: string,
  callId: string,
  at: number,
): string {
  const head = prefix ? (prefix.endsWith('/') ? prefix : `${prefix}/`) : '';
  return `${head}${transactionId}/${callId}-${at}.wav`;
}
