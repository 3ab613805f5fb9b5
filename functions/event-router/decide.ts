/**
 * The router's functional core: given one invocation (read into a CallView, with the attributes the router
 * stored last turn) and the call-flow map, what to do. Pure — no I/O, no clock; the shell (router.ts) acts
 * on the decision. Protocol: docs/architecture.md §1.
 */
import { anyLegConnected, callerGone, readCall, type CallView } from './call-view';
import { ATTR, parseJson, readKeptOutcome, type KeptOutcome, type UnfinishedStart } from './carried';
import type { TaskOutcome } from './task-outcome';

export type { TaskOutcome } from './task-outcome';

export type Decision =
  /** First event of a call, or the next event after a start a keep-alive carried over (`unfinished`): create
   *  the call queue, start the workflow, then wait for its first actions (`then: 'poll'`, `kept`, `owed` and
   *  `keepAlive` as for 'poll'; 'Unanswered' while an outbound call is not answered). */
  | {
      do: 'start-call';
      stateMachineArn: string;
      name: string;
      direction: 'inbound' | 'outbound';
      then: 'poll' | 'answer-now';
      unfinished?: UnfinishedStart;
      why?: string;
      kept?: KeptOutcome;
      owed?: TaskOutcome;
      keepAlive?: 'Pause' | 'Unanswered';
    }
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
   *  this event (it was queued while a keep-alive ran), so complete its task with this outcome and poll on.
   *  `kept`: the same for an earlier event, whose turn ended before its message came (a keep-alive carried
   *  it over); it goes first. What is still owed when the turn ends is kept again. */
  | {
      do: 'poll';
      queueUrl: string;
      why: string;
      kept?: KeptOutcome;
      owed?: TaskOutcome;
      keepAlive?: 'Pause';
      /** The router's keep-alive ran and nothing came: if nothing comes this turn either, ask these
       *  executions (the call's, by each ARN it may have) whether the workflow is still running. */
      checkWorkflow?: string[];
    }
  /** Final HANGUP: fail the waiting task, then (see `endOfCall`) every task still queued or about to be,
   *  delete the queue (found by `queueName` when no QueueUrl was stored), answer. `executions`: the ARNs
   *  the call's execution may have (see `executionArns`). */
  | { do: 'end-call'; queueUrl?: string; queueName: string; token?: string; executions: string[] };

/**
 * How a final HANGUP finishes once the stored token was tried (docs/architecture.md §1.9: nothing may be left
 * waiting).
 */
export type EndOfCall =
  /** The live task was failed: the workflow knows; take what is left in the queue and delete it. */
  | { then: 'drain-and-delete' }
  /** No live task was failed (no stored token, or it was already used): the workflow is between turns and
   *  may post its next message any moment. Wait for it until the budget ends and fail its task; if none
   *  came and the execution still runs, stop it: it can no longer reach the caller. */
  | { then: 'await-workflow'; stop: { error: 'HANGUP'; cause: string } };

export const BETWEEN_TURNS_CAUSE = 'the caller hung up while the workflow was between turns';

export function endOfCall(liveTaskFailed: boolean): EndOfCall {
  return liveTaskFailed
    ? { then: 'drain-and-delete' }
    : { then: 'await-workflow', stop: { error: 'HANGUP', cause: BETWEEN_TURNS_CAUSE } };
}

/** Keep-alives a start may have before the caller gets the apology. */
export const MAX_START_KEEP_ALIVES = 3;

/** Why a start did not finish: the turn budget ended during it, or AWS answered with this error. */
export interface StartFailure {
  budgetEnded: boolean;
  error?: string;
  httpStatus?: number;
}

/** AWS errors that say "not now" (throttling, a busy or failing service): the same start may succeed soon. */
const BUSY = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestThrottled',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** A start that did not finish keeps the caller (a keep-alive; the next event finishes it) while it may yet
 *  succeed and has had fewer than MAX_START_KEEP_ALIVES keep-alives; otherwise the apology. */
export function whenStartFails(failure: StartFailure, keepAlives: number): 'keep-alive' | 'apologise' {
  const status = failure.httpStatus ?? 0;
  const mayYetSucceed =
    failure.budgetEnded || BUSY.has(failure.error ?? '') || status === 429 || status >= 500;
  return mayYetSucceed && keepAlives < MAX_START_KEEP_ALIVES ? 'keep-alive' : 'apologise';
}

/** What an execution's status means for a call: `undefined` when it could not be learnt. */
export type ExecutionStatus = string | undefined;

/** Only a RUNNING (or unknown) workflow may still post to the call queue. */
export const workflowMayStillPost = (status: ExecutionStatus): boolean =>
  status === undefined || status === 'RUNNING';

/** Nothing arrived again after a keep-alive: keep the caller waiting only while the workflow runs; one
 *  that ended without hanging up will never post again, so apologise and hang up. */
export const whenNothingArrivesAgain = (status: ExecutionStatus): 'keep-alive' | 'apologise' =>
  workflowMayStillPost(status) ? 'keep-alive' : 'apologise';

/**
 * The ARNs the call's execution `call-<TransactionId>` may have: under the state machine serving LEG-A To
 * (an inbound call) or LEG-A From (an outbound one); later events do not say which, so both, To first.
 */
export function executionArns(call: CallView, callFlows: ReadonlyMap<string, string>): string[] {
  if (call.transactionId === undefined || !USABLE_TRANSACTION_ID.test(call.transactionId)) return [];
  const machines = [call.legA?.to, call.legA?.from]
    .map((number) => (number === undefined ? undefined : callFlows.get(number)))
    .filter((arn): arn is string => arn !== undefined && arn.includes(':stateMachine:'));
  return [...new Set(machines)].map(
    (arn) => `${arn.replace(':stateMachine:', ':execution:')}:call-${call.transactionId}`,
  );
}

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
  const starting = call.attributes[ATTR.Starting] !== undefined;
  // RINGING is the first chance to finish an outbound call's start
  if (ANSWERED_AT_ONCE.has(type) && !(starting && type === 'RINGING'))
    return { do: 'answer-now', why: `${type} needs no answer` };
  if (!COMPLETES_A_TASK.has(type) && type !== 'RINGING')
    return { do: 'answer-now', why: `unknown event type ${nameForLog(call.type)}` };

  const attributes = call.attributes;
  const queueUrl = attributes[ATTR.QueueUrl];
  const finalHangup = type === 'HANGUP' && !anyLegConnected(call);
  const keepAlive = attributes[ATTR.KeepAlive];
  if (finalHangup) {
    // No stored QueueUrl: the caller hung up during the first turn (its answer was ignored), or the call
    // was refused. The queue, if any, has the call's name.
    if (!queueUrl && (call.transactionId === undefined || !USABLE_TRANSACTION_ID.test(call.transactionId)))
      return { do: 'answer-now', why: 'the call ended; it had no call queue' };
    return {
      do: 'end-call',
      ...(queueUrl ? { queueUrl } : {}),
      queueName: `call-${call.transactionId}`,
      token: keepAlive ? undefined : attributes[ATTR.WaitToken] || undefined,
      executions: executionArns(call, callFlows),
    };
  }
  if (starting) return finishStart(call, callFlows);
  if (!queueUrl) return { do: 'reject-call', why: `${type} for a call that has no call queue` };
  if (attributes[ATTR.CallFailed] === 'true') {
    return type === 'HANGUP'
      ? { do: 'reject-call', why: 'the call failed earlier' }
      : { do: 'apologise', why: 'the call failed earlier' };
  }
  if (keepAlive) return duringKeepAlive(call, queueUrl, keepAlive, callFlows);

  const token = attributes[ATTR.WaitToken];
  if (!token) return { do: 'poll', queueUrl, why: 'no task is waiting' };
  if (callerGone(call) && !deliveredAfterHangup(call))
    return {
      do: 'answer-now',
      why: `${type} came after the caller hung up: the final HANGUP tells the task`,
    };
  return {
    do: 'complete-task',
    queueUrl,
    token,
    outcome: outcomeOf(call),
    then: callerGone(call) ? 'answer-now' : 'poll',
  };
}

/**
 * PSTN audio reports the action a caller hung up during (ACTION_SUCCESSFUL or ACTION_FAILED, the caller
 * Disconnected), then HANGUP. The waiting task learns of it from that HANGUP, as the HANGUP failure: a
 * prompt's "success" without digits is not news a flow should act on (AWS's samples' router ignores it too).
 * The exception is a recording: RecordAudio cut short by the hang-up saved what the caller said, and
 * its ACTION_SUCCESSFUL carries where (docs/writing-call-flows.md).
 */
function deliveredAfterHangup(call: CallView): boolean {
  return call.type === 'ACTION_SUCCESSFUL' && call.actionType === 'RecordAudio';
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
    then: 'poll',
    ...(inbound ? {} : { keepAlive: 'Unanswered' as const }),
  };
}

/** An event while the call's start may be unfinished: finish it (the same names, the same input), then go on
 *  as after any keep-alive. An outbound call's first task waits for the answer: once the call is answered,
 *  the first message is owed CALL_ANSWERED, kept since its turn; or, when it could not be kept, this event
 *  (CALL_ANSWERED itself, or the event that ended a keep-alive after it). */
function finishStart(call: CallView, callFlows: ReadonlyMap<string, string>): Decision {
  const kept = readKeptStart(call, callFlows);
  if (typeof kept === 'string') return { do: 'apologise', why: kept };
  if (callerGone(call)) return { do: 'answer-now', why: 'the caller left before the call started' };
  const outbound = kept.first.type === 'NEW_OUTBOUND_CALL';
  const answered = anyLegConnected(call);
  const next = afterKeepAlive(call, call.attributes[ATTR.KeepAlive]);
  const earlier = earlierOutcome(call);
  const owed =
    outbound && answered && !earlier.kept ? (next.owed ?? { status: 'success' as const }) : next.owed;
  const keepAlive = outbound && !answered ? ('Unanswered' as const) : next.keepAlive;
  return {
    do: 'start-call',
    stateMachineArn: kept.stateMachineArn,
    name: `call-${call.transactionId}`,
    direction: outbound ? 'outbound' : 'inbound',
    // actions answering RINGING are ignored (and whether its attributes are kept is unconfirmed): answer at
    // once and keep the start's attributes; the next event finds it finished
    then: call.type === 'RINGING' ? 'answer-now' : 'poll',
    unfinished: { firstEvent: kept.firstEvent, keepAlives: kept.keepAlives },
    why: `finishing the start: ${next.why}${earlier.why}`,
    ...(earlier.kept ? { kept: earlier.kept } : {}),
    ...(owed ? { owed } : {}),
    ...(keepAlive ? { keepAlive } : {}),
  };
}

/** The kept start, checked (the attributes come back from outside): or why it cannot be finished. */
function readKeptStart(
  call: CallView,
  callFlows: ReadonlyMap<string, string>,
): { first: CallView; firstEvent: string; stateMachineArn: string; keepAlives: number } | string {
  const attributes = call.attributes;
  const keepAlives = Number(attributes[ATTR.Starting]);
  const stateMachineArn = attributes[ATTR.StartingFlow] ?? '';
  const firstEvent = attributes[ATTR.StartingEvent] ?? '';
  if (!Number.isInteger(keepAlives) || keepAlives < 1) return 'the kept start has no usable Starting count';
  if (![...callFlows.values()].includes(stateMachineArn))
    return 'the kept start names a state machine that serves no number';
  const first = readCall(parseJson(firstEvent));
  if (
    !NEW_CALL.has(first.type ?? '') ||
    first.transactionId !== call.transactionId ||
    !USABLE_TRANSACTION_ID.test(first.transactionId ?? '')
  )
    return "the kept first event is not this call's NEW_INBOUND_CALL or NEW_OUTBOUND_CALL";
  return { first, firstEvent, stateMachineArn, keepAlives };
}

/** The running actions are the router's keep-alive, so the stored token was already completed. */
function duringKeepAlive(
  call: CallView,
  queueUrl: string,
  keepAlive: string,
  callFlows: ReadonlyMap<string, string>,
): Decision {
  if (callerGone(call)) return { do: 'answer-now', why: 'the caller left during a keep-alive' };
  const { ended, why, ...next } = afterKeepAlive(call, keepAlive);
  const earlier = earlierOutcome(call);
  // The keep-alive's own completion: a second keep-alive in a row would be due if nothing comes now.
  return {
    do: 'poll',
    queueUrl,
    why: `${why}${earlier.why}`,
    ...(earlier.kept ? { kept: earlier.kept } : {}),
    ...next,
    ...(ended ? { checkWorkflow: executionArns(call, callFlows) } : {}),
  };
}

/** The outcome an earlier event's keep-alive carried over, owed to the first message that arrives. One
 *  that cannot be used (not this call's event) is dropped, and `why` says so. */
function earlierOutcome(call: CallView): { kept?: KeptOutcome; why: string } {
  const kept = readKeptOutcome(call.attributes, call.transactionId);
  if (kept === undefined) return { why: '' };
  if (kept === 'unusable') return { why: '; the kept owed outcome is unusable: dropped' };
  const what = kept.outcome.status === 'success' ? 'success' : kept.outcome.error;
  return { kept, why: `; an earlier event's outcome (${what}) is owed first` };
}

/** What the event that came during the router's keep-alive asks of the next poll. `ended`: it is the
 *  keep-alive's own completion. */
function afterKeepAlive(
  call: CallView,
  keepAlive: string | undefined,
): { why: string; ended: boolean; owed?: TaskOutcome; keepAlive?: 'Pause' } {
  switch (call.type) {
    case 'ACTION_SUCCESSFUL':
      return { why: 'the keep-alive finished', ended: true };
    case 'ACTION_FAILED':
      return keepAlive === 'PlayAudio'
        ? { why: 'the hold audio failed', ended: true, keepAlive: 'Pause' }
        : { why: 'the keep-alive failed', ended: true };
    case 'CALL_ANSWERED':
    case 'HANGUP':
      return { why: `${call.type} arrived during a keep-alive`, ended: false, owed: outcomeOf(call) };
    default:
      return { why: `${call.type} arrived while no task was waiting; not delivered`, ended: false };
  }
}

/** An event type as logs may show it: a plausible type name, or just its length (it could hold anything). */
function nameForLog(type: string | undefined): string {
  if (type === undefined) return '(none)';
  return /^[A-Z_]{1,40}$/.test(type) ? type : `(a ${type.length}-character string)`;
}

/** docs/architecture.md §1.2: which events are failures of the waiting task, and with which error. */
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
