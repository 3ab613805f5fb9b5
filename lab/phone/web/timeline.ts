/**
 * The PSTN log as timeline rows (pure): each event PSTN audio sent and each response it got back, one line of
 * summary and the masked JSON. Phone numbers are masked and DTMF digits hidden, as in every log of the system.
 */
import type { LogEntry } from '../../pstn/types';

export interface TimelineRow {
  transactionId: string;
  at: number;
  kind: LogEntry['kind'];
  sequence?: number;
  attempt?: number;
  /** e.g. "NEW_INBOUND_CALL", "Speak, ReceiveDigits", "invocation failed" */
  title: string;
  /** e.g. "Speak: Successful", "ACTION_FAILED InvalidActionParameter: …" */
  detail: string;
  /** The entry's event or response, masked. */
  json?: unknown;
}

type Action = { Type?: string; Parameters?: Record<string, unknown> };
type ActionData = {
  Type?: string;
  Status?: string;
  ErrorType?: string;
  ErrorMessage?: string;
  Parameters?: Record<string, unknown>;
};

export function timelineRow(transactionId: string, entry: LogEntry): TimelineRow {
  const base = { transactionId, at: entry.at, kind: entry.kind };
  switch (entry.kind) {
    case 'event': {
      const event = entry.event as unknown as {
        InvocationEventType?: string;
        ActionData?: ActionData;
        CallDetails?: { Participants?: { ParticipantTag?: string; Status?: string }[] };
      };
      return {
        ...base,
        sequence: entry.sequence,
        attempt: entry.attempt,
        title: event.InvocationEventType ?? 'event',
        detail: eventDetail(event.ActionData),
        json: masked(entry.event),
      };
    }
    case 'response': {
      const actions = ((entry.response as { Actions?: Action[] } | null)?.Actions ?? []).filter(
        (a) => a && typeof a === 'object',
      );
      return {
        ...base,
        sequence: entry.sequence,
        attempt: entry.attempt,
        title: actions.length ? actions.map((a) => a.Type ?? '?').join(', ') : 'no actions',
        detail: actions.map(actionDetail).filter(Boolean).join(' · '),
        json: masked(entry.response),
      };
    }
    case 'error':
      return {
        ...base,
        sequence: entry.sequence,
        attempt: entry.attempt,
        title: 'invocation failed',
        detail: maskText(entry.message),
      };
    case 'note':
      return { ...base, title: 'note', detail: maskText(entry.message) };
  }
}

function eventDetail(data: ActionData | undefined): string {
  if (!data) return '';
  const parts = [data.Type, data.Status].filter(Boolean).join(': ');
  const error = [data.ErrorType, data.ErrorMessage].filter(Boolean).join(': ');
  return maskText([parts, error].filter(Boolean).join(' — '));
}

function actionDetail(action: Action): string {
  const p = action.Parameters ?? {};
  const text = (p.Text ?? (p.SpeechParameters as { Text?: string } | undefined)?.Text) as string | undefined;
  if (typeof text === 'string') return `"${shorten(text)}"`;
  const key = (p.AudioSource as { Key?: string } | undefined)?.Key;
  if (typeof key === 'string') return key;
  return '';
}

const SECRET_KEYS = /^(ReceivedDigits|DigitsToSend|Digits|Pin|PIN)$/;
const E164_ANYWHERE = /\+[1-9]\d{7,14}/g;

/** A deep copy with phone numbers masked (+1206***0123) and digit fields hidden. */
export function masked(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_KEYS.test(key) ? (value ? '•••' : '') : maskText(value);
  if (Array.isArray(value)) return value.map((v) => masked(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]));
  }
  return value;
}

export function maskText(text: string): string {
  return text.replace(E164_ANYWHERE, (n) => (n.length > 8 ? `${n.slice(0, 5)}***${n.slice(-4)}` : '***'));
}

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
