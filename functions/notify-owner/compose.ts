/**
 * What the owner is sent, by email and by SMS, for one event: a new voicemail, a missed call (the caller hung
 * up before leaving a message) or a locked owner menu. Pure: the event in, the texts out. No PIN, digits or
 * secret ever reaches these texts; the caller's number does, since it is what the owner needs.
 */

export type EventKind = 'voicemail' | 'missed-call' | 'lockout';

export interface OwnerEvent {
  Kind: EventKind;
  /** the caller's number (E.164) or "unknown" */
  Caller: string;
  /** ISO time the call or message started */
  ReceivedAt: string;
  /** e.g. "Monday at 9:30 PM", in the business's time zone */
  SpokenTime?: string;
  DurationSeconds?: number;
  Transcript?: string;
  /** "available", "empty" (nothing said) or "unavailable" (transcription failed or was not tried) */
  TranscriptStatus?: 'available' | 'empty' | 'unavailable';
  Bucket?: string;
  Key?: string;
  /** the call's TransactionId: labels the messages so one event's email and SMS belong together */
  CallId?: string;
  LockoutMinutes?: number;
  /** the lock does not expire: the owner resets it from the deployment */
  Blocked?: boolean;
}

export interface Composed {
  subject: string;
  text: string;
  sms: string;
}

const KINDS: EventKind[] = ['voicemail', 'missed-call', 'lockout'];
const SMS_TRANSCRIPT_CHARACTERS = 300;

/** Checks the event's shape; throws an error naming the field that is wrong. */
export function eventOf(input: unknown): OwnerEvent {
  const e = input as Partial<OwnerEvent> | null;
  if (!e || typeof e !== 'object') throw new Error('expected an event object like {"Kind": "voicemail", …}');
  if (!KINDS.includes(e.Kind as EventKind))
    throw new Error(`Kind: "${String(e.Kind)}" is not one of ${KINDS.join(', ')}`);
  if (typeof e.Caller !== 'string' || e.Caller === '')
    throw new Error("Caller: the caller's number is required");
  if (typeof e.ReceivedAt !== 'string' || Number.isNaN(Date.parse(e.ReceivedAt)))
    throw new Error(`ReceivedAt: "${String(e.ReceivedAt)}" is not an ISO time`);
  if (e.Kind === 'voicemail' && (typeof e.Bucket !== 'string' || typeof e.Key !== 'string'))
    throw new Error('Bucket and Key: a voicemail names its recording');
  return e as OwnerEvent;
}

/** "+1 206-555-0123" for a North American number, the number as given otherwise. */
export function displayNumber(number: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  if (m) return `+1 ${m[1]}-${m[2]}-${m[3]}`;
  return number === 'unknown' ? 'an unknown number' : number;
}

/** "0:42", "2:05". */
export function displayLength(seconds: number | undefined): string {
  const s = Math.max(0, Math.round(seconds ?? 0));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function transcriptLine(event: OwnerEvent): string {
  if (event.TranscriptStatus === 'available' && event.Transcript?.trim()) return event.Transcript.trim();
  if (event.TranscriptStatus === 'empty') return '(the caller said nothing)';
  return 'Transcript not available.';
}

export function compose(event: OwnerEvent, link?: { url: string; expiresHours: number }): Composed {
  const from = displayNumber(event.Caller);
  const when = event.SpokenTime ? `${event.SpokenTime} (${event.ReceivedAt})` : event.ReceivedAt;
  const shortWhen = event.SpokenTime ?? event.ReceivedAt;
  switch (event.Kind) {
    case 'voicemail': {
      const words = transcriptLine(event);
      const length = displayLength(event.DurationSeconds);
      const listen = link
        ? `Listen (the link works for ${link.expiresHours} hours): ${link.url}`
        : 'Call the business line and enter your PIN to hear it.';
      return {
        subject: `New voicemail from ${from} (${length})`,
        text: [`From: ${from}`, `Received: ${when}`, `Length: ${length}`, '', words, '', listen].join('\n'),
        sms: `Voicemail from ${from}, ${shortWhen}, ${length}: ${clip(words, SMS_TRANSCRIPT_CHARACTERS)}${link ? ` Listen: ${link.url}` : ''}`,
      };
    }
    case 'missed-call':
      return {
        subject: `Missed call from ${from}`,
        text: [`From: ${from}`, `Called: ${when}`, '', 'The caller hung up before leaving a message.'].join(
          '\n',
        ),
        sms: `Missed call from ${from}, ${shortWhen}. No message was left.`,
      };
    case 'lockout': {
      const minutes = event.Blocked
        ? ' until you reset it (docs/security.md)'
        : event.LockoutMinutes
          ? ` for ${event.LockoutMinutes} minutes`
          : '';
      return {
        subject: 'Your voicemail menu was locked after three wrong PINs',
        text: [
          `Three wrong PINs were entered from ${from} at ${when}.`,
          `The owner's menu is locked${minutes}. If this was not you, change your PIN.`,
        ].join('\n'),
        sms: `Your voicemail menu was locked${minutes} after three wrong PINs from ${from}, ${shortWhen}.`,
      };
    }
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
