/**
 * The lab's Transcribe: the scripted caller knows what it said, so each "speech" recording carries the words
 * in its S3 user metadata, and transcribing returns them — labelled simulated. No speech recogniser runs.
 */
import { wavDurationMs } from '../media';

/** S3 user metadata key (`x-amz-meta-transcript`) that holds the caller's words, URI-encoded. */
export const TRANSCRIPT_METADATA_KEY = 'transcript';

export interface RecordingStore {
  get(bucket: string, key: string): Promise<{ body: Buffer; metadata: Record<string, string> } | undefined>;
}

export interface LabTranscript {
  text: string;
  /** Always true: the words come from the script, not from recognising the audio. */
  simulated: true;
}

export type LabTranscriber = (bucket: string, key: string) => Promise<LabTranscript>;

/** The metadata to store with a recording of `words` (what the PSTN simulator writes). */
export function transcriptMetadata(words: string): Record<string, string> {
  return { [TRANSCRIPT_METADATA_KEY]: encodeURIComponent(words) };
}

export function createLabTranscriber(store: RecordingStore): LabTranscriber {
  return async (bucket, key) => {
    const object = await store.get(bucket, key);
    if (!object) throw new Error(`no recording to transcribe at s3://${bucket}/${key}`);
    return { text: transcriptOf(object), simulated: true };
  };
}

/**
 * The words of a recording: "" when it carries none (the caller stayed silent) or holds no audio at all.
 * The audio itself is not judged otherwise — without espeak-ng the simulator's "speech" may be a placeholder
 * sound or silence, and its metadata still speaks for it. Pure.
 */
export function transcriptOf(object: { body: Buffer; metadata: Record<string, string> }): string {
  const entry = Object.entries(object.metadata).find(
    ([name]) => name.toLowerCase() === TRANSCRIPT_METADATA_KEY,
  );
  if (!entry || holdsNoAudio(object.body)) return '';
  return decode(entry[1]).replace(/\s+/g, ' ').trim();
}

function holdsNoAudio(body: Buffer): boolean {
  return body.length === 0 || wavDurationMs(body) === 0;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
