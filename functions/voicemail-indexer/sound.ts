/**
 * How much of a recording is sound: the 20 ms frames whose loudness (RMS) is above a floor, in seconds. A
 * phone line's background hiss sits far below the floor (about -36 dBFS); a voice sits above it. Pure.
 */
import { firstChannel, parseWav } from '../transcribe/wav';

/** Less sound than this and the recording is not a message: the caller hung up at the beep, or said nothing. */
export const MIN_SOUND_SECONDS = 1;
/** RMS of a 16-bit frame that counts as sound (about -36 dBFS). */
export const SOUND_RMS = 500;
const FRAME_MS = 20;

/** Seconds of sound in a 16-bit PCM WAV; throws a WavFormatError for anything else. */
export function soundSeconds(wav: Buffer): number {
  const audio = parseWav(wav);
  const pcm = firstChannel(audio);
  const frame = Math.max(1, Math.round((audio.sampleRate * FRAME_MS) / 1000));
  const samples = Math.floor(pcm.length / 2);
  let loud = 0;
  for (let start = 0; start + frame <= samples; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i++) {
      const s = pcm.readInt16LE(i * 2);
      sum += s * s;
    }
    if (Math.sqrt(sum / frame) >= SOUND_RMS) loud++;
  }
  return Math.round(loud * FRAME_MS) / 1000;
}
