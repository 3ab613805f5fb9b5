/**
 * The router's functional core: given one invocation (read into a CallView, with the attributes the router
 * stored last turn) and the call-flow map, what to do. Pure — no I/O, no clock; the shell (router.ts) acts
 * on the decision. Protocol: DESIGN §1.
 */
import { anyLegConnected, callerGone, type CallView } from './call-view';

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
} as const;

export type KeepAliveKind = 'PlayAudio' | 'Pause' | 'Unanswered';

/** What the waiting workflow task is told (DESIGN §1). Success output is the whole event. */
export type TaskOutcome =
  | { status: 'success' }
  | { status: 'failure'; error: 'HANGUP' | 'ACTION_FAILED' | 'INVALID_LAMBDA_RESPONSE'; cause: string };

export type Decision =
  /** First event of a call: create the call queue, start the workflow, then wait for its first actions. */
  | { do: 'start-call'; stateMachineArn: string; name: string; direction: 'inbound' | 'outbound' }
  /** Refuse the call with a Hangup; create and touch nothing. */
  | { do: 'reject-call'; why: string }
  /** The call already failed: apologise and hang up. */
  | { do: 'apologise'; why: string }
  /** Answer with an empty action list at once, without calling AWS. */
  | { do: 'answer-now'; why: string }
  /** Tell the waiting task how its actions went, then poll for the next actions or answer at once. */
  | {
      do: 'complete-task';
      queueUrl: string;
      token: string;
      outcome: TaskOutcome;
      then: 'poll' | 'answer-now';
    }
  /** No task to complete: poll for the next actions. `owed`: the first message that arrives was meant for
   *  this event (it was queued while a keep-alive ran), so complete its task with this outcome and poll on. */
  | { do: 'poll'; queueUrl: string; why: string; owed?: TaskOutcome; keepAlive?: 'Pause' }
  /** Final HANGUP: fail the waiting task and every task still queued, delete the queue, answer. */
  | { do: 'end-call'; queueUrl: string; token?: string };

const NEW_CALL = new Set(['NEW_INBOUND_CALL', 'NEW_OUTBOUND_CALL']);
const ANSWERED_AT_ONCE = new Set(['RINGING', 'ACTION_INTERRUPTED']);
const COMPLETES_A_TASK = new Set([
  'ACTION_SUCCESSFUL',
  'ACTION_FAILED',
  'CALL_ANSWERED',
  'DIGITS_RECEIVED',
  'CALL_UPDATE_REQUESTED',
  'HANGUP',
  'INVALID_LAMBDA_RESPONSE',
]);
/** Names SQS and Step Functions both accept, with room for the "call-" prefix. */
const USABLE_TRANSACTION_ID = /^[A-Za-z0-9_-]{1,75}$/;

export function decide(call: CallView, callFlows: ReadonlyMap<string, string>): Decision {
  const type = call.type ?? '';
  if (NEW_CALL.has(type)) return startCall(call, callFlows);
  if (ANSWERED_AT_ONCE.has(type)) return { do: 'answer-now', why: `${type} needs no answer` };
  if (!COMPLETES_A_TASK.has(type))
    return { do: 'answer-now', why: `unknown event type ${nameForLog(call.type)}` };

  const attributes = call.attributes;
  const queueUrl = attributes[ATTR.QueueUrl];
  const finalHangup = type === 'HANGUP' && !anyLegConnected(call);
  if (!queueUrl) {
    return finalHangup
      ? { do: 'answer-now', why: 'the call ended; it had no call queue' }
      : { do: 'reject-call', why: `${type} for a call that has no call queue` };
  }
  const keepAlive = attributes[ATTR.KeepAlive];
  if (finalHangup)
    return { do: 'end-call', queueUrl, token: keepAlive ? undefined : attributes[ATTR.WaitToken] };
  if (attributes[ATTR.CallFailed] === 'true') {
    return type === 'HANGUP'
      ? { do: 'reject-call', why: 'the call failed earlier' }
      : { do: 'apologise', why: 'the call failed earlier' };
  }
  if (keepAlive) return duringKeepAlive(call, queueUrl, keepAlive);

  const token = attributes[ATTR.WaitToken];
  if (!token) return { do: 'poll', queueUrl, why: 'no task is waiting' };
  return {
    do: 'complete-task',
    queueUrl,
    token,
    outcome: outcomeOf(call),
    then: callerGone(call) ? 'answer-now' : 'poll',
  };
}

function startCall(call: CallView, callFlows: ReadonlyMap<string, string>): Decision {
  const inbound = call.type === 'NEW_INBOUND_CALL';
  if (call.transactionId === undefined || !USABLE_TRANSACTION_ID.test(call.transactionId)) {
    return { do: 'reject-call', why: 'the event has no usable CallDetails.TransactionId' };
  }
  const number = inbound ? call.legA?.to : call.legA?.from;
  if (number === undefined)
    return { do: 'reject-call', why: `LEG-A has no ${inbound ? 'To' : 'From'} number` };
  const stateMachineArn = callFlows.get(number);
  if (stateMachineArn === undefined) return { do: 'reject-call', why: 'no call flow serves this number' };
  return {
    do: 'start-call',
    stateMachineArn,
    name: `call-${call.transactionId}`,
    direction: inbound ? 'inbound' : 'outbound',
  };
}

/** The running actions are the router's keep-alive, so the stored token was already completed. */
function duringKeepAlive(call: CallView, queueUrl: string, keepAlive: string): Decision {
  if (callerGone(call)) return { do: 'answer-now', why: 'the caller left during a keep-alive' };
  switch (call.type) {
    case 'ACTION_SUCCESSFUL':
      return { do: 'poll', queueUrl, why: 'the keep-alive finished' };
    case 'ACTION_FAILED':
      return keepAlive === 'PlayAudio'
        ? { do: 'poll', queueUrl, why: 'the hold audio failed', keepAlive: 'Pause' }
        : { do: 'poll', queueUrl, why: 'the keep-alive failed' };
    case 'CALL_ANSWERED':
    case 'HANGUP':
      return { do: 'poll', queueUrl, why: `${call.type} arrived during a keep-alive`, owed: outcomeOf(call) };
    default:
      return { do: 'poll', queueUrl, why: `${call.type} arrived while no task was waiting; not delivered` };
  }
}

/** DESIGN §1: which events are failures of the waiting task, and with which error. */
/** An event type as logs may show it: a plausible type name, or just its length (it could hold anything). */
function nameForLog(type: string | undefined): string {
  if (type === undefined) return '(none)';
  return /^[A-Z_]{1,40}$/.test(type) ? type : `(a ${type.length}-character string)`;
}

export function outcomeOf(call: CallView): TaskOutcome {
  switch (call.type) {
    case 'ACTION_FAILED':
      return {
        status: 'failure',
        error: 'ACTION_FAILED',
        cause: call.errorCause ?? 'UnknownError: the event carried no ErrorType',
      };
    case 'INVALID_LAMBDA_RESPONSE':
      return {
        status: 'failure',
        error: 'INVALID_LAMBDA_RESPONSE',
        cause: call.errorCause ?? 'UnknownError: the event carried no ErrorType',
      };
    case 'HANGUP':
      return call.hungUpTag === 'LEG-B'
        ? { status: 'success' }
        : { status: 'failure', error: 'HANGUP', cause: 'LEG-A hung up' };
    default:
      return { status: 'success' };
  }
}
