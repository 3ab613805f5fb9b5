/**
 * What a call carries from one turn to the next: PSTN audio stores the TransactionAttributes a response
 * sets and sends them back with every later event. Besides the protocol's (WaitToken, QueueUrl) and a
 * workflow's own, the router keeps there what must outlive its keep-alive: a start it could not finish
 * (Starting*), and an outcome the workflow's next message is owed (Owed*). Both are the router's
 * internals: they are removed once done, and never shown to a workflow. Pure — no I/O.
 */
import type { PstnResponse } from '../pstn';
import { readCall, type CallView } from './call-view';
import type { TaskOutcome } from './task-outcome';

/** TransactionAttributes the protocol and the router use. */
export const ATTR = {
  /** The task token of the workflow state that produced the running actions. */
  WaitToken: 'WaitToken',
  QueueUrl: 'QueueUrl',
  /** Set by the router when the running actions are its own keep-alive, not the workflow's:
   *  "PlayAudio" (hold audio), "Pause", or "Unanswered" (answer to NEW_OUTBOUND_CALL, whose actions PSTN
   *  audio ignores). The stored WaitToken, if any, was already completed. */
  KeepAlive: 'KeepAlive',
  /** Set by the router when it apologised and hung up: the call is over for the workflow. */
  CallFailed: 'CallFailed',
  /** Set by a workflow while it collects digits that must not reach it in clear (a PIN). */
  SensitiveDigits: 'SensitiveDigits',
  /** Set by the router while the call's start (CreateQueue, StartExecution) may be unfinished — the turn
   *  budget ended during it, or AWS was busy: how many keep-alives the start has had ("1", "2", …). With
   *  StartingFlow (the state machine ARN) and StartingEvent (the first event, as JSON), the next event
   *  finishes the start with the same names and the same execution input. Removed once it is finished. */
  Starting: 'Starting',
  StartingFlow: 'StartingFlow',
  StartingEvent: 'StartingEvent',
  /** Set by the router when an event was owed to the workflow's next message and no message came within
   *  the turn: "success", or the error of the failure (HANGUP, ACTION_FAILED, INVALID_LAMBDA_RESPONSE).
   *  With OwedOutput (a success's output: the event as the workflow receives it, JSON, digits already
   *  protected) or OwedCause (a failure's cause), a later turn completes the first message that arrives
   *  with it. Removed once delivered. */
  Owed: 'Owed',
  OwedOutput: 'OwedOutput',
  OwedCause: 'OwedCause',
} as const;

export type KeepAliveKind = 'PlayAudio' | 'Pause' | 'Unanswered';

type Attributes = Record<string, string>;

const KEPT_START = [ATTR.Starting, ATTR.StartingFlow, ATTR.StartingEvent];
const KEPT_OUTCOME = [ATTR.Owed, ATTR.OwedOutput, ATTR.OwedCause];
/** The router's own attributes that carry work over a keep-alive. */
export const KEPT: readonly string[] = [...KEPT_START, ...KEPT_OUTCOME];

/** A start an earlier turn could not finish: the first event as it was kept (JSON) — the execution input's
 *  `Event`, byte for byte — and how many keep-alives the start has had. */
export interface UnfinishedStart {
  firstEvent: string;
  keepAlives: number;
}

/** The attributes that carry an unfinished start to the next turn. */
export function keptStart(stateMachineArn: string, start: UnfinishedStart): Attributes {
  return {
    [ATTR.Starting]: String(start.keepAlives),
    [ATTR.StartingFlow]: stateMachineArn,
    [ATTR.StartingEvent]: start.firstEvent,
  };
}

/** An outcome owed to the workflow's next message, ready to send as it was meant: for a success, `output` is
 *  the event as the workflow receives it (JSON, digits already protected); for a failure, ''. */
export interface KeptOutcome {
  outcome: TaskOutcome;
  output: string;
}

/** The attributes that carry an owed outcome to a later turn. */
export function keptOutcome(kept: KeptOutcome): Attributes {
  const { outcome } = kept;
  return outcome.status === 'success'
    ? { [ATTR.Owed]: 'success', [ATTR.OwedOutput]: kept.output }
    : { [ATTR.Owed]: outcome.error, [ATTR.OwedCause]: outcome.cause };
}

const FAILURES = new Set(['HANGUP', 'ACTION_FAILED', 'INVALID_LAMBDA_RESPONSE']);

/** The outcome an earlier turn kept, checked (the attributes come back from outside): none, or 'unusable'
 *  (a success's output must be an event of this call). */
export function readKeptOutcome(
  attributes: Attributes,
  transactionId: string | undefined,
): KeptOutcome | 'unusable' | undefined {
  const owed = attributes[ATTR.Owed];
  if (owed === undefined) return undefined;
  if (owed === 'success') {
    const output = attributes[ATTR.OwedOutput] ?? '';
    const event = parseJson(output);
    const ofThisCall =
      typeof event === 'object' && event !== null && !Array.isArray(event) && transactionId !== undefined;
    return ofThisCall && readCall(event).transactionId === transactionId
      ? { outcome: { status: 'success' }, output }
      : 'unusable';
  }
  const cause = attributes[ATTR.OwedCause];
  if (!FAILURES.has(owed) || cause === undefined) return 'unusable';
  const error = owed as 'HANGUP' | 'ACTION_FAILED' | 'INVALID_LAMBDA_RESPONSE';
  return { outcome: { status: 'failure', error, cause }, output: '' };
}

/** The attributes without the router's kept work (a start, an owed outcome): everything else stays. */
export function withoutKept<V>(attributes: Record<string, V>): Record<string, V> {
  const rest = { ...attributes };
  for (const key of KEPT) delete rest[key];
  return rest;
}

/** What the router's own responses keep of the stored attributes: all but its kept work (a start: finished,
 *  or the call failed; an owed outcome: delivered, or added back by the keep-alive that keeps it still), with
 *  the call queue. */
export function carried(call: CallView, queueUrl: string | undefined): Attributes {
  const attributes = withoutKept(call.attributes);
  return queueUrl === undefined ? attributes : { ...attributes, [ATTR.QueueUrl]: queueUrl };
}

/** The stored map is replaced by a response's: keep the call queue reachable, whatever the workflow wrote
 *  as QueueUrl (the router knows which queue the message came from). */
export function keepQueueUrl(response: PstnResponse, queueUrl: string): PstnResponse {
  const attributes = response.TransactionAttributes;
  if (attributes === undefined || attributes === null || attributes[ATTR.QueueUrl] === queueUrl)
    return response;
  return { ...response, TransactionAttributes: { ...attributes, [ATTR.QueueUrl]: queueUrl } };
}

/** The event with the router's kept work removed from its CallDetails.TransactionAttributes (a workflow
 *  sees its own attributes and the protocol's, not the router's internals). The event itself when there
 *  is nothing to remove. */
export function withoutKeptIn(event: unknown): unknown {
  const details = (event as { CallDetails?: unknown } | null)?.CallDetails;
  const attributes = (details as { TransactionAttributes?: unknown } | null | undefined)
    ?.TransactionAttributes;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return event;
  if (!KEPT.some((key) => Object.hasOwn(attributes, key))) return event;
  return {
    ...(event as object),
    CallDetails: {
      ...(details as object),
      TransactionAttributes: withoutKept(attributes as Record<string, unknown>),
    },
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
