/**
 * Cutting PCM into the audio events of a Transcribe stream, and telling silence from speech. Pure.
 */

/** Transcribe's advice: chunks of 50–200 ms of audio. */
export const CHUNK_MS = 100;

/** 16-bit mono PCM cut into chunks of `chunkMs` of audio (the last may be shorter); never splits a sample. */
export function pcmChunks(pcm: Buffer, sampleRate: number, chunkMs = CHUNK_MS): Buffer[] {
  const bytes = Math.max(2, Math.floor((sampleRate * chunkMs) / 1000) * 2);
  const whole = pcm.length - (pcm.length % 2);
  const chunks: Buffer[] = [];
  for (let at = 0; at < whole; at += bytes) chunks.push(pcm.subarray(at, Math.min(whole, at + bytes)));
  return chunks;
}

/** Root mean square of 16-bit samples (0 for no samples). */
export function rms(pcm: Buffer): number {
  const n = Math.floor(pcm.length / 2);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = pcm.readInt16LE(i * 2);
    sum += s * s;
  }
  return Math.sqrt(sum / n);
}

/**
 * Below this RMS (about -50 dBFS) no 100 ms window holds speech: a phone line's hiss, not a voice. A heuristic
 * of ours, not an AWS figure; speech on a phone line sits around -20 to -30 dBFS.
 */
export const SILENCE_RMS = 100;
/** Shorter than this is not a question (Transcribe's batch minimum is 0.5 s; streaming has none documented). */
export const MIN_SPEECH_MS = 300;

/** True when no window of the recording is loud enough to be speech, or it is too short to hold a word. */
export function isSilent(pcm: Buffer, sampleRate: number): boolean {
  const ms = (pcm.length / 2 / sampleRate) * 1000;
  if (ms < MIN_SPEECH_MS) return true;
  return pcmChunks(pcm, sampleRate).every((chunk) => rms(chunk) < SILENCE_RMS);
}
