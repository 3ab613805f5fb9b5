/**
 * The function's core: a recording in S3 → `{ text }`. It reads the object and hands it to a Transcriber —
 * Amazon Transcribe streaming in AWS (streaming.ts), the lab's simulated one in the Phone Lab. An empty
 * object is "" (the caller said nothing), not an error; a missing one is an error that names it.
 */
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';

export interface Recording {
  bucket: string;
  key: string;
  /** The WAV file as stored. */
  wav: Buffer;
  /** The language spoken, e.g. es-US: the workflow's one language setting (absent: the transcriber's default). */
  languageCode?: string;
}

export interface Transcript {
  text: string;
  /** True when the words did not come from recognising the audio (the lab's transcriber). */
  simulated?: boolean;
}

export type Transcriber = (recording: Recording) => Promise<Transcript>;

/** What the function needs of `S3Client`. */
export interface RecordingReader {
  send(command: GetObjectCommand): Promise<Pick<GetObjectCommandOutput, 'Body'>>;
}

export interface TranscribeDeps {
  s3: RecordingReader;
  transcriber: Transcriber;
}

/** A BCP-47 code as Amazon Transcribe streaming names its languages: en-US, es-US, fr-CA, … */
const LANGUAGE_CODE = /^[a-z]{2,3}-[A-Z]{2}$/;

/**
 * The input: RecordAudio's `RecordingDestination` as the workflow passes it (`{BucketName, Key}`), or
 * `{Bucket, Key}`, with the call's `LanguageCode` when the workflow gives one.
 */
export function recordingOf(event: unknown): { bucket: string; key: string; languageCode?: string } {
  const e = (event ?? {}) as Record<string, unknown>;
  const bucket = e.BucketName ?? e.Bucket;
  const key = e.Key;
  if (typeof bucket !== 'string' || bucket === '' || typeof key !== 'string' || key === '') {
    const got =
      event === null || typeof event !== 'object'
        ? JSON.stringify(event)
        : `fields ${Object.keys(e).join(', ') || '(none)'}`;
    throw new TypeError(
      `transcribe: the input must be {"BucketName": "<bucket>", "Key": "<key of the recording>"}; got ${got}`,
    );
  }
  const languageCode = e.LanguageCode;
  if (languageCode === undefined) return { bucket, key };
  if (typeof languageCode !== 'string' || !LANGUAGE_CODE.test(languageCode)) {
    throw new TypeError(
      `transcribe: LanguageCode must be a language code such as "en-US" or "es-US"; got ${JSON.stringify(languageCode)}`,
    );
  }
  return { bucket, key, languageCode };
}

export function createTranscribe(deps: TranscribeDeps): (event: unknown) => Promise<Transcript> {
  return async (event) => {
    const { bucket, key, languageCode } = recordingOf(event);
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    if (bytes.length === 0) return { text: '' };
    const transcript = await deps.transcriber({
      bucket,
      key,
      wav: Buffer.from(bytes),
      ...(languageCode ? { languageCode } : {}),
    });
    return { ...transcript, text: transcript.text.replace(/\s+/g, ' ').trim() };
  };
}
