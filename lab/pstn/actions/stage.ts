/**
 * What an action sees while it runs: its leg, the lab clock, media, and a signal that aborts it (reason
 * 'interrupted' for an UpdateSipMediaApplicationCall's new list, 'hangup' when its leg went away).
 */
import type { Clock } from '../../clock';
import type { Action } from '../../../functions/pstn';
import type { LegData } from '../envelope';
import type { PhoneEvent, PstnMedia, PstnSimulatorSettings, ScriptedPhone } from '../types';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;
export type PhoneNotice = WithoutAt<PhoneEvent>;
export type StopReason = 'interrupted' | 'hangup';

export type Outcome =
  | { kind: 'ok'; result?: Record<string, unknown> }
  | { kind: 'failed'; errorType: string; errorMessage: string }
  | { kind: 'stopped'; reason: StopReason; result?: Record<string, unknown> };

export interface BridgeRequest {
  to: string;
  from: string;
  timeoutMs: number;
  sipHeaders?: Record<string, string>;
}
export type BridgeResult = 'answered' | 'declined' | 'no-answer';

export interface Stage {
  action: Action;
  leg: LegData;
  transactionId: string;
  clock: Clock;
  media: PstnMedia;
  settings: PstnSimulatorSettings;
  signal: AbortSignal;
  emit(notice: PhoneNotice): void;
  /** Digits pressed on this leg; return true to consume the key. Returns an unsubscribe function. */
  onDigit(listener: (key: string) => boolean): () => void;
  onSpeech(listener: (text: string, ms: number, language?: string) => void): () => void;
  /** The person on this leg starts (true) or stops (false) typing the words they say. */
  onTyping(listener: (on: boolean) => void): () => void;
  /** Rings a phone and, when it answers, makes it LEG-B of this call, bridged to this leg. */
  bridge(request: BridgeRequest, signal: AbortSignal): Promise<BridgeResult>;
  armReceiveDigits(): void;
}

export type ActionRunner = (stage: Stage) => Promise<Outcome>;

export const stopped = (stage: Stage, result?: Record<string, unknown>): Outcome => ({
  kind: 'stopped',
  reason: stage.signal.reason as StopReason,
  ...(result ? { result } : {}),
});

/**
 * Waits `ms` of lab time. 'done' when it elapsed, 'cut' when `cut` fired first (a terminator, a barge-in);
 * throws when the action itself is aborted (callers check `stage.signal.aborted`).
 */
export async function hold(stage: Stage, ms: number, cut?: AbortSignal): Promise<'done' | 'cut'> {
  const signal = cut ? AbortSignal.any([stage.signal, cut]) : stage.signal;
  try {
    await stage.clock.sleep(ms, signal);
    return 'done';
  } catch (error) {
    if (stage.signal.aborted) throw error;
    return 'cut';
  }
}

export type { ScriptedPhone };
