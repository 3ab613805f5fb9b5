/**
 * The PSTN simulator's public shapes: what the caller's phone experiences, how other phones behave, the
 * options the lab injects, and the per-call log. Wire shapes (events, actions) come from functions/pstn.
 */
import type { Clock } from '../clock';
import type { PstnEvent } from '../../functions/pstn';

/** What a person on one leg experiences, in order, with lab timestamps (epoch ms). */
export type PromptEvent = {
  type: 'prompt';
  /** speak = Speak text; audio = a WAV from a bucket; voice = the other party of a bridged call speaking. */
  kind: 'speak' | 'audio' | 'voice';
  text?: string;
  /** Speak prompts: the Polly voice and language they were spoken with (PSTN audio's defaults when not given). */
  voice?: string;
  language?: string;
  bucket?: string;
  key?: string;
  at: number;
};
export type HangupBy = 'caller' | 'system';
/** `by: 'caller'` = the person holding this phone hung up; `'system'` = the SMA, the network or the other end. */
export type PhoneHangup = { type: 'hangup'; by: HangupBy; sipCode: number; at: number };
export type PhoneEvent =
  | { type: 'answered'; at: number }
  | PromptEvent
  | { type: 'digits-requested'; at: number }
  | { type: 'recording-started'; at: number }
  | { type: 'recording-stopped'; at: number }
  | { type: 'tones'; count: number; at: number }
  | { type: 'bridged'; at: number }
  /**
   * Lab notices, not something PSTN audio tells a caller: words said while nothing listened (no recording, no
   * party connected) — on a real call they are simply lost — and an interactive phone holding typed words
   * until a recording starts, then speaking them.
   */
  | { type: 'not-heard'; text: string; at: number }
  | { type: 'words-held'; text: string; at: number }
  | { type: 'words-spoken'; text: string; at: number }
  | PhoneHangup;

export type PhoneEventMatch = RegExp | string | ((event: PhoneEvent) => boolean);

/** A phone on one leg of a call: the inbound caller, or a phone the system dialled. */
export interface CallerHandle extends AsyncIterable<PhoneEvent> {
  readonly transactionId: string;
  readonly callId: string;
  /** Every event so far. */
  events(): PhoneEvent[];
  /** Prompts heard so far. */
  heard(): PromptEvent[];
  on(listener: (event: PhoneEvent) => void): () => void;
  /** DTMF keys (0-9 * # A-D), one every `dtmfGapMs` of lab time. */
  press(digits: string): Promise<void>;
  /**
   * Speaks for `seconds` (default: how long the words take); recorded only while a RecordAudio runs. With
   * `hold: true` (a person at an interactive phone), words said while nothing listens are held and spoken when
   * the next recording starts (`words-held`, then `words-spoken`); without it they are `not-heard`.
   * `language`: what the person speaks (default en-US).
   */
  say(text: string, options?: { seconds?: number; hold?: boolean; language?: string }): Promise<void>;
  /** The person is typing the words they are saying: a recording's silence timeout waits while they do. */
  typing(on: boolean): void;
  /** Stays silent for `ms` of lab time. */
  silence(ms: number): Promise<void>;
  hangup(): Promise<void>;
  /**
   * Resolves with the next event (after the last one a waitFor returned) that matches: a RegExp or string is
   * tested against prompt text and audio key; a function against any event. Rejects when the call ends first
   * or after `timeoutMs` of lab time (default 60 s).
   */
  waitFor(match: PhoneEventMatch, options?: { timeoutMs?: number }): Promise<PhoneEvent>;
  /** Resolves when this leg is hung up. */
  readonly ended: Promise<PhoneHangup>;
}

/** How a number behaves when the system dials it (scenario `phones:`). */
export interface ScriptedPhone {
  answer: boolean;
  /** seconds of ringing before answering (or before declining when answer is false) */
  after?: number;
  /** said when a recording starts on this leg */
  say?: string;
  /** pressed when this leg is asked for digits */
  press?: string;
  /** seconds after answering at which this phone hangs up */
  hangupAfter?: number;
}
export type PhoneBehaviour = ScriptedPhone | 'manual';

export interface Ringing {
  from: string;
  to: string;
  answer(): CallerHandle;
  decline(): void;
}
export interface ManualPhone {
  onRing(listener: (ringing: Ringing) => void): () => void;
}

export interface PstnMedia {
  /** The object, or undefined when it does not exist / cannot be read. */
  getAudio(bucket: string, key: string): Promise<Buffer | undefined>;
  /** `language`: what the caller spoke (absent: en-US), kept with the recording for the lab's transcriber. */
  saveRecording(
    bucket: string,
    key: string,
    wav: Buffer,
    transcript: string,
    language?: string,
  ): Promise<void>;
  speechDurationMs(text: string): number;
  /** How long a WAV plays; undefined (or a throw) when it is not one (→ InvalidAudioSource). Default: lab/services/media. */
  wavDurationMs?(wav: Buffer): number | undefined;
  /** What PSTN audio would object to in a WAV; any problem → InvalidAudioSource. Default: lab/services/media. */
  checkWav?(wav: Buffer): string[];
}

export interface PstnSimulatorSettings {
  /** Real ms before an unanswered invocation is retried (AWS: 5 s). */
  invocationTimeoutMs: number;
  /** Real ms after which an invocation is given up and the call hung up with 480 (AWS: 20 s). */
  giveUpAfterMs: number;
  /**
   * A caller hang-up mid-action first reports the action (Status Disconnected), then
   * HANGUP (docs/aws/pstn-audio.md §7.2; UNCONFIRMED).
   */
  precedeHangupWithActionResult: boolean;
  /** After giving up on the Lambda, still send it a HANGUP so it can clean up (UNCONFIRMED). */
  hangupEventAfterFailure: boolean;
  /** Invocations per call (AWS: 1,000); past it the call is released with 480. */
  maxInvocations: number;
  /** Lab seconds an inbound call waits unanswered with nothing to do before release (AWS: 30 s). */
  unansweredTimeoutSeconds: number;
  /** Lab seconds a CreateSipMediaApplicationCall leg rings before HANGUP 480 (UNCONFIRMED). */
  outboundRingSeconds: number;
  /** Lab ms between keys of one press(). */
  dtmfGapMs: number;
  /**
   * Which new action lists stop a running interruptible action (PlayAudio, RecordAudio, Pause, Speak) with
   * ACTION_INTERRUPTED: only an UpdateSipMediaApplicationCall's (documented), or any (UNCONFIRMED,
   * docs/aws/pstn-audio.md §3.4).
   */
  newListInterrupts: 'update-only' | 'always';
  /**
   * Chime SDK Voice API rates per lab second (AWS: 1 create, 5 update); false (default) = unlimited, because
   * the lab's Chime SDK Voice provider (lab/services/chime) already enforces them at the edge.
   */
  apiRates: { create: number; update: number } | false;
  /**
   * ErrorType when Play/SpeakAndGetDigits gets no valid entry (UNCONFIRMED in docs/aws/pstn-audio.md §4.2).
   */
  digitsFailureErrorType: string;
  /** Lab ms from a Speak action's start to its first audio (Polly's synthesis; realistic mode). Default 0. */
  speakFirstAudioMs?: number;
  /**
   * Speak and SpeakAndGetDigits without CallId fail with MissingRequiredActionParameter, as the PSTN audio
   * developer guide documents (default). AWS has been seen to accept them and act on the invoking leg; false
   * simulates that observed behaviour instead.
   */
  requireCallId: boolean;
}

export interface PstnSimulatorOptions {
  clock: Clock;
  sipMediaApplicationId: string;
  awsAccountId?: string;
  awsRegion?: string;
  /** The SIP media application's Lambda; returns the raw response (anything) or throws. */
  invoke: (event: PstnEvent) => Promise<unknown>;
  /** E.164 numbers this SMA serves (SIP rules). */
  numbers: Record<string, { sipRuleId: string }>;
  media: PstnMedia;
  options?: Partial<PstnSimulatorSettings>;
}

export type LogEntry =
  | { at: number; kind: 'event'; sequence: number; attempt: number; event: PstnEvent }
  | { at: number; kind: 'response'; sequence: number; attempt: number; response: unknown }
  | { at: number; kind: 'error'; sequence: number; attempt: number; message: string }
  | { at: number; kind: 'note'; message: string };

export type CallState = 'ringing' | 'connected' | 'ended';

export interface CallSummary {
  transactionId: string;
  direction: 'Inbound' | 'Outbound';
  from: string;
  to: string;
  state: CallState;
  legs: { callId: string; tag: 'LEG-A' | 'LEG-B'; status: 'Ringing' | 'Connected' | 'Disconnected' }[];
  startedAt: number;
  endedAt?: number;
  invocations: number;
}
