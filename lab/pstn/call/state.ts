/**
 * What every part of a call works on: its legs, its exchange with the Lambda, the action list it runs and
 * where it is in it. The Call (index.ts) holds it; the parts — starting, running the action list, legs and
 * keys, ending — are plain functions over it, in files of their own.
 */
import type { Action, ActionData, InvocationEventType, PstnEvent } from '../../../functions/pstn';
import type { Clock } from '../../clock';
import type { CallIdentity } from '../envelope';
import type { Exchange, Reply } from '../exchange';
import type { Leg } from '../legs';
import type { Phone } from '../phone';
import type { Phones } from '../phones';
import type { LogEntry, PstnMedia, PstnSimulatorSettings } from '../types';

export interface CallEnv {
  clock: Clock;
  invoke: (event: PstnEvent) => Promise<unknown>;
  media: PstnMedia;
  settings: PstnSimulatorSettings;
  phones: Phones;
  newPhone(ids: { transactionId: string; callId: string }): Phone;
  onLog(transactionId: string, entry: LogEntry): void;
}

/** The action being run, and how to stop it. */
export interface Running {
  action: Action;
  leg: Leg;
  abort: AbortController;
  settled: Promise<void>;
}

export interface CallState {
  readonly env: CallEnv;
  readonly identity: CallIdentity;
  readonly transactionId: string;
  readonly exchange: Exchange;
  readonly legA: Leg;
  readonly ended: boolean;
  endedAt?: number;
  legs: Leg[];
  /** The rest of the action list, and which list it is (a new list, or a failure, makes a new one). */
  queue: unknown[];
  listId: number;
  /** The CallId of the leg whose event the running list answered. */
  invokingCallId: string;
  current?: Running;
  executing: boolean;
  releasing: boolean;
  cancelUnanswered: () => void;
  /** Acts on the Lambda's reply (action-list.ts): how the parts that the action list itself uses reach it. */
  follow(reply: Reply, interrupt?: boolean): Promise<void>;
}

/** Invokes the Lambda with an event of this call (by default for LEG-A). */
export function send(
  call: CallState,
  type: InvocationEventType,
  opts: { actionData?: ActionData; leg?: Leg },
): Promise<Reply> {
  return call.exchange.send(type, () => call.legs, opts.leg ?? call.legA, opts.actionData);
}

/**
 * ACTION_FAILED's ActionData (docs/aws/pstn-audio.md §1.4): ErrorType + ErrorMessage, except JoinChimeMeeting
 * and StartCallRecording, which carry one `"Error": "<Code>: <message>"`, and ModifyChimeMeetingAttendees,
 * which adds `ErrorList`.
 */
export function failureData(data: ActionData, errorType: string, errorMessage: string): ActionData {
  if (data.Type === 'JoinChimeMeeting' || data.Type === 'StartCallRecording')
    return { ...data, Error: `${errorType}: ${errorMessage}` };
  const list = data.Type === 'ModifyChimeMeetingAttendees' ? { ErrorList: [] } : {};
  return { ...data, ErrorType: errorType, ErrorMessage: errorMessage, ...list };
}

export function hangupData(leg: Leg, sipCode: number): ActionData {
  return {
    Type: 'Hangup',
    Parameters: { SipResponseCode: sipCode, CallId: leg.callId, ParticipantTag: leg.tag },
  };
}

/** ActionData of an action: its Type and Parameters as given (or as normalised by checkAction). */
export function echo(action: unknown): ActionData {
  const a = (action && typeof action === 'object' ? action : {}) as { Type?: unknown; Parameters?: unknown };
  return {
    Type: (typeof a.Type === 'string' ? a.Type : String(a.Type)) as ActionData['Type'],
    Parameters: (a.Parameters && typeof a.Parameters === 'object'
      ? structuredClone(a.Parameters)
      : {}) as Record<string, unknown>,
  };
}
