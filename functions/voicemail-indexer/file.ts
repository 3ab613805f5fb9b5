/**
 * Which voicemail item a recording becomes. Pure: the recording, the note the workflow left before the beep
 * (if any) and the time come in; the DynamoDB item goes out.
 *
 * Keys: a recording lives under `recordings/business-line/<TransactionId>/`; the workflow's note is
 * `pk = RECORDING#<TransactionId>, sk = voicemail`; the voicemail is `pk = VOICEMAIL#<line>`,
 * `sk = <ISO time>#<TransactionId>`. The workflow and the S3 notification both file a recording and reach the
 * same key, so whichever comes second finds the item there and changes nothing.
 */

import { MIN_SOUND_SECONDS } from './sound';

export const RECORDING_PREFIX = 'recordings/business-line/';
/** 8 kHz, 16-bit, mono PCM after a 44-byte header */
const BYTES_PER_SECOND = 16_000;
const WAV_HEADER_BYTES = 44;

export interface Recording {
  bucket: string;
  key: string;
  /** bytes, when known */
  size?: number;
}

/** What the workflow notes before the beep (all strings as stored). */
export interface MessageNote {
  line: string;
  caller: string;
  /** ISO time the caller started the message */
  receivedAt: string;
  /** e.g. "Monday at 9:30 PM", in the business's zone */
  spokenTime?: string;
  /** epoch seconds the voicemail may be deleted at */
  expiresAt?: number;
}

export interface VoicemailItem {
  pk: string;
  sk: string;
  line: string;
  caller: string;
  receivedAt: string;
  spokenTime: string;
  durationSeconds: number;
  /** seconds of it that are sound (soundSeconds), when it could be read */
  soundSeconds?: number;
  /** `missed`: under MIN_SOUND_SECONDS of sound — kept as a missed call (`pk = MISSED#<line>`), not a message */
  status: 'new' | 'missed';
  transactionId: string;
  bucket: string;
  key: string;
  expiresAt: number;
}

/** The TransactionId a recording key belongs to, or undefined when the key is not a voicemail recording. */
export function transactionOf(key: string): string | undefined {
  if (!key.startsWith(RECORDING_PREFIX)) return undefined;
  const id = key.slice(RECORDING_PREFIX.length).split('/')[0];
  return /^[A-Za-z0-9_-]{1,128}$/.test(id) && key.endsWith('.wav') ? id : undefined;
}

export function durationOf(size: number | undefined): number {
  if (size === undefined) return 0;
  return Math.max(0, Math.round(((size - WAV_HEADER_BYTES) / BYTES_PER_SECOND) * 10) / 10);
}

/**
 * The item for a recording: a message, or — with less than MIN_SOUND_SECONDS of sound — a missed call (the
 * number and the time, under `MISSED#<line>`). A recording that could not be read is kept as a message.
 * Without a note (the workflow could not write it) the message is still kept,
 * under `VOICEMAIL#unfiled`, with the time it landed.
 */
export function voicemailItem(
  recording: Recording,
  transactionId: string,
  note: MessageNote | undefined,
  nowMs: number,
  retentionDays: number,
  sound?: number,
): VoicemailItem {
  const line = note?.line ?? 'unfiled';
  const receivedAt = note?.receivedAt ?? new Date(nowMs).toISOString();
  const missed = sound !== undefined && sound < MIN_SOUND_SECONDS;
  return {
    pk: `${missed ? 'MISSED' : 'VOICEMAIL'}#${line}`,
    sk: `${receivedAt}#${transactionId}`,
    line,
    caller: note?.caller || 'unknown',
    receivedAt,
    spokenTime: note?.spokenTime ?? '',
    durationSeconds: durationOf(recording.size),
    ...(sound !== undefined && { soundSeconds: sound }),
    status: missed ? 'missed' : 'new',
    transactionId,
    bucket: recording.bucket,
    key: recording.key,
    expiresAt: note?.expiresAt ?? Math.floor(nowMs / 1000) + retentionDays * 86_400,
  };
}

/** The recordings an invocation names: an S3 event notification, or `{Bucket, Key}` from the workflow. */
export function recordingsOf(event: unknown): Recording[] {
  const e = event as { Records?: unknown; Bucket?: unknown; Key?: unknown } | null;
  if (e && Array.isArray(e.Records)) {
    return e.Records.flatMap(
      (r: { s3?: { bucket?: { name?: unknown }; object?: { key?: unknown; size?: unknown } } }) => {
        const bucket = r?.s3?.bucket?.name;
        const key = r?.s3?.object?.key;
        if (typeof bucket !== 'string' || typeof key !== 'string') return [];
        const size = r.s3?.object?.size;
        // S3 notifications URL-encode keys, spaces as "+"
        const decoded = decodeURIComponent(key.replace(/\+/g, ' '));
        return [{ bucket, key: decoded, ...(typeof size === 'number' ? { size } : {}) }];
      },
    );
  }
  if (e && typeof e.Bucket === 'string' && typeof e.Key === 'string')
    return [{ bucket: e.Bucket, key: e.Key }];
  throw new Error('expected an S3 event notification ({Records: [...]}) or {Bucket, Key}');
}

/** What the voicemail pipeline starts with: the message, in the workflow's PascalCase. */
export function pipelineInput(item: VoicemailItem): Record<string, string | number> {
  return {
    TransactionId: item.transactionId,
    Pk: item.pk,
    Sk: item.sk,
    Line: item.line,
    Caller: item.caller,
    ReceivedAt: item.receivedAt,
    SpokenTime: item.spokenTime,
    DurationSeconds: item.durationSeconds,
    Bucket: item.bucket,
    Key: item.key,
  };
}
