/**
 * The PSTN audio wire model (docs/aws/pstn-audio.md §1–§4): the events the service sends a SIP media
 * application's Lambda, and the response (actions) it accepts back. Field names are exactly the wire names.
 *
 * Numbers: on the wire AWS also accepts numeric strings for numeric parameters ("Repeat": "3"). These types
 * describe the normalised form that `checkAction` returns (numbers); authors may still send strings.
 */

// ───────────────────────────── events (docs/aws/pstn-audio.md §1, §2) ─────────────────────────────

export const INVOCATION_EVENT_TYPES = [
  'NEW_INBOUND_CALL',
  'NEW_OUTBOUND_CALL',
  'RINGING',
  'CALL_ANSWERED',
  'ACTION_SUCCESSFUL',
  'ACTION_FAILED',
  'ACTION_INTERRUPTED',
  'HANGUP',
  'INVALID_LAMBDA_RESPONSE',
  'DIGITS_RECEIVED',
  'CALL_UPDATE_REQUESTED',
] as const;
export type InvocationEventType = (typeof INVOCATION_EVENT_TYPES)[number];

export type ParticipantTag = 'LEG-A' | 'LEG-B';
export const PARTICIPANT_TAGS: readonly ParticipantTag[] = ['LEG-A', 'LEG-B'];

/** One call leg (docs/aws/pstn-audio.md §1.3). */
export interface Participant {
  CallId: string;
  ParticipantTag: ParticipantTag;
  /** E.164 (a meeting leg may show something else). */
  To: string;
  From: string;
  Direction: 'Inbound' | 'Outbound';
  /** Epoch milliseconds, always a JSON string. */
  StartTimeInMilliseconds: string;
  /** Absent on NEW_INBOUND_CALL, NEW_OUTBOUND_CALL and RINGING. */
  Status?: 'Connected' | 'Disconnected';
  SipHeaders?: Record<string, string>;
}

/** docs/aws/pstn-audio.md §1.2 */
export interface CallDetails {
  TransactionId: string;
  /** Present only once the application has stored a non-empty map. */
  TransactionAttributes?: Record<string, string>;
  AwsAccountId: string;
  AwsRegion: string;
  /** Inbound calls routed by a SIP rule only. */
  SipRuleId?: string;
  SipMediaApplicationId: string;
  /** LEG-A first, then LEG-B. */
  Participants: Participant[];
}

/** docs/aws/pstn-audio.md §1.4: the action (or pseudo-action) an event is about, with its result fields. */
export interface ActionData {
  /** An ActionType, or `CallCreateRequest` / `CallUpdateRequest` for NEW_OUTBOUND_CALL / CALL_UPDATE_REQUESTED. */
  Type: ActionType | 'CallCreateRequest' | 'CallUpdateRequest';
  Parameters: Record<string, unknown>;
  /** ACTION_FAILED (most actions). */
  ErrorType?: string;
  ErrorMessage?: string;
  /** ACTION_FAILED of JoinChimeMeeting / StartCallRecording: `"<Code>: <message>"`. */
  Error?: string;
  /** ACTION_FAILED of ModifyChimeMeetingAttendees. */
  ErrorList?: unknown[];
  /** PlayAudioAndGetDigits, SpeakAndGetDigits, ReceiveDigits, DIGITS_RECEIVED. */
  ReceivedDigits?: string;
  /** RecordAudio success. */
  RecordingDestination?: { Type: 'S3'; BucketName: string; Key: string };
  RecordingTerminatorUsed?: string;
  /** StartCallRecording success. */
  CallRecordingDestination?: { Type: 'S3'; Location: string };
  /** StartBotConversation success. */
  IntentResult?: Record<string, unknown>;
}

export interface HangupActionData extends ActionData {
  Type: 'Hangup';
  Parameters: { SipResponseCode: number; CallId: string; ParticipantTag: ParticipantTag };
}

export interface ArgumentsActionData extends ActionData {
  Type: 'CallCreateRequest' | 'CallUpdateRequest';
  Parameters: { Arguments: Record<string, string> };
}

interface EventBase<T extends InvocationEventType> {
  SchemaVersion: string;
  Sequence: number;
  InvocationEventType: T;
  CallDetails: CallDetails;
}

export type NewInboundCallEvent = EventBase<'NEW_INBOUND_CALL'>;
/** ActionData only when CreateSipMediaApplicationCall had an ArgumentsMap. */
export interface NewOutboundCallEvent extends EventBase<'NEW_OUTBOUND_CALL'> {
  ActionData?: ArgumentsActionData;
}
export type RingingEvent = EventBase<'RINGING'>;
export type CallAnsweredEvent = EventBase<'CALL_ANSWERED'>;
export interface ActionSuccessfulEvent extends EventBase<'ACTION_SUCCESSFUL'> {
  ActionData: ActionData;
}
/** ErrorType/ErrorMessage (or Error) inside ActionData. */
export interface ActionFailedEvent extends EventBase<'ACTION_FAILED'> {
  ActionData: ActionData;
}
export interface ActionInterruptedEvent extends EventBase<'ACTION_INTERRUPTED'> {
  ActionData: ActionData;
}
export interface HangupEvent extends EventBase<'HANGUP'> {
  ActionData: HangupActionData;
}
/** ErrorType/ErrorMessage at the top level (not in ActionData). */
export interface InvalidLambdaResponseEvent extends EventBase<'INVALID_LAMBDA_RESPONSE'> {
  ErrorType: string;
  ErrorMessage: string;
}
export interface DigitsReceivedEvent extends EventBase<'DIGITS_RECEIVED'> {
  ActionData: ActionData & { Type: 'ReceiveDigits'; ReceivedDigits: string };
}
export interface CallUpdateRequestedEvent extends EventBase<'CALL_UPDATE_REQUESTED'> {
  ActionData: ArgumentsActionData;
}

/** Every invocation event, discriminated by `InvocationEventType`. */
export type PstnEvent =
  | NewInboundCallEvent
  | NewOutboundCallEvent
  | RingingEvent
  | CallAnsweredEvent
  | ActionSuccessfulEvent
  | ActionFailedEvent
  | ActionInterruptedEvent
  | HangupEvent
  | InvalidLambdaResponseEvent
  | DigitsReceivedEvent
  | CallUpdateRequestedEvent;

// ───────────────────────────── actions (docs/aws/pstn-audio.md §4) ─────────────────────────────

export const ACTION_TYPES = [
  'CallAndBridge',
  'Hangup',
  'JoinChimeMeeting',
  'ModifyChimeMeetingAttendees',
  'Pause',
  'PlayAudio',
  'PlayAudioAndGetDigits',
  'ReceiveDigits',
  'RecordAudio',
  'SendDigits',
  'Speak',
  'SpeakAndGetDigits',
  'StartBotConversation',
  'VoiceFocus',
  'StartCallRecording',
  'StopCallRecording',
  'PauseCallRecording',
  'ResumeCallRecording',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/**
 * Leg selection (docs/aws/pstn-audio.md §4 common conventions): CallId wins; "" means unset; default is the
 * invoking leg.
 */
export interface LegSelector {
  CallId?: string;
  ParticipantTag?: ParticipantTag | '';
}

/** `AudioSource`, `FailureAudioSource`, `RingbackTone`. */
export interface S3AudioSource {
  Type: 'S3';
  BucketName: string;
  Key: string;
}

/** A DTMF key usable as a terminator. */
export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '#' | '*';

export interface PlayAudioParameters extends LegSelector {
  AudioSource: S3AudioSource;
  PlaybackTerminators?: DtmfKey[];
  /** > 0, default 1. */
  Repeat?: number;
}

interface DigitCollection {
  InputDigitsRegex?: string;
  /** ≥ 0, default 0. */
  MinNumberOfDigits?: number;
  /** ≥ MinNumberOfDigits, default 128. */
  MaxNumberOfDigits?: number;
  /** default ["#"]. */
  TerminatorDigits?: DtmfKey[];
  /** > 0, default RepeatDurationInMilliseconds. */
  InBetweenDigitsDurationInMilliseconds?: number;
  /** > 0, default 1 (total attempts). */
  Repeat?: number;
  /** > 0, required. */
  RepeatDurationInMilliseconds: number;
}

export interface PlayAudioAndGetDigitsParameters extends LegSelector, DigitCollection {
  AudioSource: S3AudioSource;
  FailureAudioSource: S3AudioSource;
}

export type SpeechEngine = 'standard' | 'neural';
export type TextType = 'text' | 'ssml';

/** Polly settings shared by Speak and the SpeechParameters of SpeakAndGetDigits. */
export interface SpeechSettings {
  /** ≤ 1,000 characters; SSML (inside <speak>…</speak>) when TextType is "ssml". */
  Text: string;
  /** default "standard". */
  Engine?: SpeechEngine;
  LanguageCode?: string;
  /** default "text". */
  TextType?: TextType;
  /** default "Joanna". */
  VoiceId?: string;
}

export interface SpeakParameters extends SpeechSettings {
  /**
   * Required per the DG, and AWS's samples always send it (docs/aws/pstn-audio.md §4.3); checkAction takes
   * the invoking leg when it is absent unless `strictCallId`, which the lab sets by default.
   */
  CallId?: string;
  ParticipantTag?: ParticipantTag | '';
}

export interface SpeakAndGetDigitsParameters extends DigitCollection {
  CallId?: string;
  ParticipantTag?: ParticipantTag | '';
  SpeechParameters: SpeechSettings;
  /** Unset fields inherit from SpeechParameters. */
  FailureSpeechParameters: SpeechSettings;
}

export interface ReceiveDigitsParameters extends LegSelector {
  InputDigitsRegex: string;
  InBetweenDigitsDurationInMilliseconds: number;
  FlushDigitsDurationInMilliseconds: number;
}

export interface RecordingDestination {
  Type: 'S3';
  BucketName: string;
  /** ≤ 979 S3-safe characters. */
  Prefix?: string;
}

export interface RecordAudioParameters extends LegSelector {
  RecordingDestination: RecordingDestination;
  /** > 0; none = no limit. */
  DurationInSeconds?: number;
  /** 1–1000; none = silence detection off. */
  SilenceDurationInSeconds?: number;
  /** 1–1000, default 200 (only used with SilenceDurationInSeconds). */
  SilenceThreshold?: number;
  /** Required; keys from 0-9 * #. */
  RecordingTerminators: DtmfKey[];
}

export interface SendDigitsParameters {
  CallId: string;
  /** ≤ 50 symbols from 0-9 * # A B C D and "," (0.5 s pause). */
  Digits: string;
  /** 50–24000, default 250. */
  ToneDurationInMilliseconds?: number;
}

export interface PauseParameters extends LegSelector {
  /** > 0, required. */
  DurationInMilliseconds: number;
}

export type HangupSipResponseCode = 0 | 480 | 486;

export interface HangupParameters extends LegSelector {
  /** 0 (normal), 480 (unavailable), 486 (busy); default 0. */
  SipResponseCode?: HangupSipResponseCode;
}

export type BridgeEndpoint =
  | { BridgeEndpointType: 'PSTN'; /** E.164 */ Uri: string }
  | {
      BridgeEndpointType: 'AWS';
      /** Voice Connector (group) ARN */ Arn: string;
      /** user part, 1–36 chars */ Uri: string;
    };

export interface CallAndBridgeParameters {
  /** 1–120, default 30. */
  CallTimeoutSeconds?: number;
  /** E.164. */
  CallerIdNumber: string;
  /** Exactly one endpoint (more is UNCONFIRMED). */
  Endpoints: BridgeEndpoint[];
  /** Keys x-…, User-to-User or Diversion; X-AMZN reserved; values ≤ 2,048 chars. */
  SipHeaders?: Record<string, string>;
  RingbackTone?: S3AudioSource;
  /** Not an input per the DG; the A leg, filled in by checkAction (the success echo carries it). */
  CallId?: string;
}

export interface JoinChimeMeetingParameters {
  JoinToken: string;
  CallId?: string;
  /** LEG-A only. */
  ParticipantTag?: 'LEG-A' | '';
  /** Required for meetings of the Chime SDK Meetings namespace. */
  MeetingId?: string;
}

export interface ModifyChimeMeetingAttendeesParameters extends LegSelector {
  Operation: 'Mute' | 'Unmute';
  MeetingId: string;
  /** 1–100 attendee ids. */
  AttendeeList: string[];
}

export interface BotWelcomeMessage {
  Content?: string;
  ContentType: 'PlainText' | 'SSML';
}

export interface StartBotConversationParameters {
  CallId?: string;
  /** LEG-A only. */
  ParticipantTag?: 'LEG-A' | '';
  /** arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>, in the SMA's region. */
  BotAliasArn: string;
  /** default "en_US". */
  LocaleId?: string;
  /** JSON ≤ 10 KB. */
  Configuration?: {
    SessionState?: {
      SessionAttributes?: Record<string, string>;
      DialogAction?: { Type: 'Delegate' | 'ElicitIntent' };
    };
    WelcomeMessages?: BotWelcomeMessage[];
  };
}

export interface VoiceFocusParameters {
  Enable: boolean;
  CallId: string;
}

export type RecordingTrack = 'BOTH' | 'INCOMING' | 'OUTGOING';

export interface StartCallRecordingParameters {
  CallId: string;
  Track: RecordingTrack;
  /** Location: "bucket" or "bucket/prefix". */
  Destination: { Type: 'S3'; Location: string };
}

export interface CallRecordingControlParameters {
  CallId: string;
}
export type StopCallRecordingParameters = CallRecordingControlParameters;
export type PauseCallRecordingParameters = CallRecordingControlParameters;
export type ResumeCallRecordingParameters = CallRecordingControlParameters;

/** The parameters of each action type. */
export interface ActionParameters {
  CallAndBridge: CallAndBridgeParameters;
  Hangup: HangupParameters;
  JoinChimeMeeting: JoinChimeMeetingParameters;
  ModifyChimeMeetingAttendees: ModifyChimeMeetingAttendeesParameters;
  Pause: PauseParameters;
  PlayAudio: PlayAudioParameters;
  PlayAudioAndGetDigits: PlayAudioAndGetDigitsParameters;
  ReceiveDigits: ReceiveDigitsParameters;
  RecordAudio: RecordAudioParameters;
  SendDigits: SendDigitsParameters;
  Speak: SpeakParameters;
  SpeakAndGetDigits: SpeakAndGetDigitsParameters;
  StartBotConversation: StartBotConversationParameters;
  VoiceFocus: VoiceFocusParameters;
  StartCallRecording: StartCallRecordingParameters;
  StopCallRecording: StopCallRecordingParameters;
  PauseCallRecording: PauseCallRecordingParameters;
  ResumeCallRecording: ResumeCallRecordingParameters;
}

/** One action, discriminated by `Type`. */
export type Action = { [T in ActionType]: { Type: T; Parameters: ActionParameters[T] } }[ActionType];

/** An action of one given type. */
export type ActionOf<T extends ActionType> = Extract<Action, { Type: T }>;

// ───────────────────────────── response (docs/aws/pstn-audio.md §3) ─────────────────────────────

export interface PstnResponse {
  /** Must equal the event's SchemaVersion ("1.0"). */
  SchemaVersion: string;
  /** ≤ 10. Missing, null and [] all mean "no new actions" (invalid only in answer to NEW_INBOUND_CALL). */
  Actions: Action[];
  /** Replaces the stored map when present; {} clears; null/absent keeps. ≤ 100 keys, ≤ 20 KB. */
  TransactionAttributes?: Record<string, string> | null;
}
