/**
 * functions/transcribe — a caller's recorded question (a RecordAudio WAV in S3) → `{ text }`.
 *
 * Input: `{ "BucketName": "…", "Key": "…", "LanguageCode": "es-US" }` (RecordAudio's RecordingDestination and the
 * workflow's language setting). Output: `{ "text": "…" }`,
 * "" for silence or an empty recording. In AWS it uses Amazon Transcribe streaming; the Phone Lab builds it
 * with its own transcriber through `createTranscribe` (lab/functions.ts).
 *
 * Environment (read once, at cold start): LANGUAGE_CODE (only for input without a LanguageCode; default en-US);
 * TRANSCRIBE_SPEEDUP (how much faster
 * than real time the audio is streamed, default 4).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import { createStreamingTranscriber } from './streaming';
import { createTranscribe } from './transcribe';

export {
  createTranscribe,
  recordingOf,
  type Recording,
  type Transcriber,
  type Transcript,
  type TranscribeDeps,
} from './transcribe';
export {
  createStreamingTranscriber,
  finalText,
  type StreamingClient,
  type StreamingOptions,
} from './streaming';
export { parseWav, firstChannel, WavFormatError, type WavAudio } from './wav';
export { pcmChunks, isSilent, rms, CHUNK_MS, SILENCE_RMS, MIN_SPEECH_MS } from './chunks';

const speedup = Number(process.env.TRANSCRIBE_SPEEDUP ?? '4');

export const handler = createTranscribe({
  s3: new S3Client({}),
  transcriber: createStreamingTranscriber({
    client: new TranscribeStreamingClient({}),
    languageCode: process.env.LANGUAGE_CODE ?? 'en-US',
    speedup,
  }),
});
