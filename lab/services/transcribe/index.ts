/**
 * The lab's Transcribe: the scripted caller knows what it said, so each "speech" recording carries the words
 * (and the language they were spoken in) in its S3 user metadata, and transcribing returns them — labelled
 * simulated. No speech recogniser runs. It honours the language it is asked for: speech in another language
 * than the transcription's comes back as "" (not understood) — a stand-in for what Amazon Transcribe gives for
 * a language it was not told to expect, which is wrong words, never the right ones.
 */
import { wavDurationMs } from '../media';

/** S3 user metadata key (`x-amz-meta-transcript`) that holds the caller's words, URI-encoded. */
export const TRANSCRIPT_METADATA_KEY = 'transcript';
/** S3 user metadata key that holds the language the caller spoke (absent: en-US). */
export const LANGUAGE_METADATA_KEY = 'language';
/** The language of speech that does not say, and of a transcription that is not told one. */
export const DEFAULT_LANGUAGE = 'en-US';

export interface RecordingStore {
  get(bucket: string, key: string): Promise<{ body: Buffer; metadata: Record<string, string> } | undefined>;
}

export interface LabTranscript {
  text: string;
  /** Always true: the words come from the script, not from recognising the audio. */
  simulated: true;
  /** The language transcribed. */
  languageCode: string;
}

export type LabTranscriber = (bucket: string, key: string, languageCode?: string) => Promise<LabTranscript>;

/** The metadata to store with a recording of `words` (what the PSTN simulator writes). */
export function transcriptMetadata(words: string, language?: string): Record<string, string> {
  return {
    [TRANSCRIPT_METADATA_KEY]: encodeURIComponent(words),
    ...(language ? { [LANGUAGE_METADATA_KEY]: language } : {}),
  };
}

export function createLabTranscriber(store: RecordingStore): LabTranscriber {
  return async (bucket, key, languageCode = DEFAULT_LANGUAGE) => {
    const object = await store.get(bucket, key);
    if (!object) throw new Error(`no recording to transcribe at s3://${bucket}/${key}`);
    const spoken = metadataOf(object.metadata, LANGUAGE_METADATA_KEY) ?? DEFAULT_LANGUAGE;
    const text = sameLanguage(spoken, languageCode) ? transcriptOf(object) : '';
    return { text, simulated: true, languageCode };
  };
}

/** en-US speech is understood by an en-GB transcription, not by an es-US one: the language, not the region. */
export function sameLanguage(a: string, b: string): boolean {
  return a.split('-')[0]!.toLowerCase() === b.split('-')[0]!.toLowerCase();
}

function metadataOf(metadata: Record<string, string>, name: string): string | undefined {
  return Object.entries(metadata).find(([k]) => k.toLowerCase() === name)?.[1];
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
