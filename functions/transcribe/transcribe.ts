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

/**
 * The input: RecordAudio's `RecordingDestination` as the workflow passes it (`{BucketName, Key}`), or
 * `{Bucket, Key}`.
 */
export function recordingOf(event: unknown): { bucket: string; key: string } {
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
  return { bucket, key };
}

export function createTranscribe(deps: TranscribeDeps): (event: unknown) => Promise<Transcript> {
  return async (event) => {
    const { bucket, key } = recordingOf(event);
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    if (bytes.length === 0) return { text: '' };
    const transcript = await deps.transcriber({ bucket, key, wav: Buffer.from(bytes) });
    return { ...transcript, text: transcript.text.replace(/\s+/g, ' ').trim() };
  };
}
