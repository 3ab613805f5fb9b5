/**
 * The event router's shell: reads the event, asks decide() what to do, does it against SQS and Step
 * Functions within the turn budget, and always answers with a response PSTN audio accepts.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { checkResponse, type PstnResponse } from '../pstn';
import { readCall, type CallView } from './call-view';
import { CallQueue, type Sleep } from './call-queue';
import { DEFAULT_TURN_BUDGET_MS, parseCallFlows, parseTurnBudget, type HoldAudio } from './config';
import {
  ATTR,
  carried,
  keepQueueUrl,
  keptOutcome,
  keptStart,
  withoutKeptIn,
  type KeptOutcome,
  type UnfinishedStart,
} from './carried';
import {
  decide,
  endOfCall,
  whenNothingArrivesAgain,
  whenStartFails,
  workflowMayStillPost,
  type Decision,
  type StartFailure,
  type TaskOutcome,
} from './decide';
import { maskNumber } from './masking';
import { apologyResponse, emptyResponse, hangupResponse, keepAliveResponse } from './responses';
import { RecentAnswers } from './recent-answers';
import { protectDigits } from './sensitive-digits';
import { TurnBudget } from './turn-budget';
import { executionInput, Workflow, type Delivery, type ExecutionState } from './workflow';

/** The logging the router needs; the Powertools Logger fits it, and tests pass their own. */
export interface RouterLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface RouterOptions {
  sqs: SQSClient;
  sfn: SFNClient;
  /** E.164 number → state machine ARN (checked like CALL_FLOWS). */
  callFlows: ReadonlyMap<string, string> | Record<string, string>;
  turnBudgetMs?: number;
  holdAudio?: HoldAudio;
  /** Key for sensitive digits; without it they reach the workflow as `redacted`. */
  digitsKey?: string;
  logger?: RouterLogger;
  /** Milliseconds since the epoch; the turn budget is measured with it. */
  now?: () => number;
  /** How the router waits between short polls (default: real time); tests with a fake `now` pass theirs. */
  sleep?: Sleep;
}

/** Answers one invocation. `startedAt`: when the invocation started (default: now). */
export type Router = (event: unknown, startedAt?: number) => Promise<PstnResponse>;

/** Stop polling when less than this is left of the budget. */
const MIN_POLL_MS = 50;
/** Kept back from polling when AWS calls follow the wait (DescribeExecution, StopExecution, DeleteQueue). */
const AFTER_WAIT_MS = 300;

const silent: RouterLogger = { info() {}, warn() {}, error() {} };

interface Turn {
  event: unknown;
  call: CallView;
  budget: TurnBudget;
  /** The call queue, once known: kept in an apology so the final HANGUP can still clean up. */
  queueUrl?: string;
  log: RouterLogger;
  context: Record<string, unknown>;
}

export function createRouter(options: RouterOptions): Router {
  // Checked like CALL_FLOWS and TURN_BUDGET_MS: a bad setting fails here, not on a caller.
  const flows = options.callFlows instanceof Map ? Object.fromEntries(options.callFlows) : options.callFlows;
  const callFlows = parseCallFlows(JSON.stringify(flows));
  const turnBudgetMs = parseTurnBudget(String(options.turnBudgetMs ?? DEFAULT_TURN_BUDGET_MS));
  const now = options.now ?? Date.now;
  const log = options.logger ?? silent;
  const queue = new CallQueue(options.sqs, options.sleep);
  const workflow = new Workflow(options.sfn);
  const recent = new RecentAnswers();

  return async function route(event, startedAt = now()) {
    const call = readCall(event);
    const turn: Turn = {
      event,
      call,
      budget: new TurnBudget(startedAt, turnBudgetMs, now),
      log,
      context: callContext(call),
    };
    const replay = recent.find(call);
    if (replay !== undefined) {
      log.info('retried invocation: answering as before', turn.context);
      return replay;
    }
    turn.queueUrl = call.attributes[ATTR.QueueUrl];
    let decision: Decision | undefined;
    let response: PstnResponse;
    try {
      decision = decide(call, callFlows);
      response = vetted(await act(decision, turn), turn);
      log.info('turn answered', {
        ...turn.context,
        decision: decision.do,
        why: whyOf(decision),
        actions: actionTypes(response),
        ms: now() - startedAt,
      });
    } catch (error) {
      log.error('turn failed: apologising and hanging up', {
        ...turn.context,
        decision: decision?.do,
        error: describeError(error),
        ms: now() - startedAt,
      });
      response = vetted(apologyResponse(call, carried(call, turn.queueUrl)), turn);
    } finally {
      turn.budget.end();
    }
    recent.remember(call, response);
    return response;
  };

  async function act(decision: Decision, turn: Turn): Promise<PstnResponse> {
    const { call } = turn;
    switch (decision.do) {
      case 'reject-call': {
        turn.log.warn('call rejected', { ...turn.context, why: decision.why });
        const newCall = call.type === 'NEW_INBOUND_CALL' || call.type === 'NEW_OUTBOUND_CALL';
        return hangupResponse(call, newCall ? 480 : 0);
      }
      case 'apologise':
        return apologyResponse(call);
      case 'answer-now':
        return emptyResponse(call);
      case 'start-call':
        return startCall(turn, decision);
      case 'complete-task': {
        await deliver(turn, decision.token, decision.outcome);
        return decision.then === 'poll' ? nextActions(turn, decision.queueUrl, {}) : emptyResponse(call);
      }
      case 'poll':
        return nextActions(turn, decision.queueUrl, {
          kept: decision.kept,
          owed: decision.owed,
          forcePause: decision.keepAlive === 'Pause',
          checkWorkflow: decision.checkWorkflow,
        });
      case 'end-call':
        await endCall(turn, decision);
        return emptyResponse(call);
    }
  }

  /**
   * Creates the call queue and starts the workflow, then waits for its first actions. The names and the
   * execution input are the same every time, so finishing a start an earlier turn began is idempotent. A
   * start that the turn budget cut short, or that AWS refused for now, gets the caller a keep-alive that
   * carries the start to the next event (whenStartFails); any other failure is thrown: the apology.
   */
  async function startCall(
    turn: Turn,
    decision: Extract<Decision, { do: 'start-call' }>,
  ): Promise<PstnResponse> {
    const { call } = turn;
    const firstEvent = decision.unfinished?.firstEvent ?? JSON.stringify(turn.event);
    const signal = turn.budget.signal();
    try {
      const tags = {
        TransactionId: call.transactionId ?? '',
        StateMachineArn: decision.stateMachineArn,
        CreatedAt: new Date(now()).toISOString(),
      };
      turn.queueUrl = await queue.create(decision.name, tags, signal);
      const input = executionInput(turn.queueUrl, firstEvent);
      const started = await workflow.start(decision.stateMachineArn, decision.name, input, signal);
      if (started === 'already-started')
        turn.log.info('workflow already started (a retried invocation, or it ended)', turn.context);
      if (decision.unfinished)
        turn.log.info('the start an earlier turn could not finish is finished', turn.context);
    } catch (error) {
      const keepAlives = decision.unfinished?.keepAlives ?? 0;
      if (whenStartFails(startFailure(error, signal), keepAlives) === 'apologise') throw error;
      turn.log.warn('the call could not be started this turn: a keep-alive, the next event finishes it', {
        ...turn.context,
        error: describeError(error),
        keepAlives: keepAlives + 1,
      });
      return startKeepAlive(
        turn,
        decision,
        { firstEvent, keepAlives: keepAlives + 1 },
        owedIn(turn, decision),
      );
    }
    if (decision.then === 'answer-now') return emptyResponse(call);
    return nextActions(turn, turn.queueUrl, {
      kept: decision.kept,
      owed: decision.owed,
      unanswered: decision.keepAlive === 'Unanswered',
      forcePause: decision.keepAlive === 'Pause',
    });
  }

  /** The keep-alive that carries an unfinished start (and what the first message is owed) to the next event.
   *  Throws (the apology) when the first event does not fit in TransactionAttributes. */
  function startKeepAlive(
    turn: Turn,
    decision: Extract<Decision, { do: 'start-call' }>,
    start: UnfinishedStart,
    owed: KeptOutcome[],
  ): PstnResponse {
    const { call } = turn;
    const attributes = { ...carried(call, turn.queueUrl), ...keptStart(decision.stateMachineArn, start) };
    const response = keepAliveKeeping(turn, attributes, owed, {
      forcePause: decision.keepAlive === 'Pause',
      unanswered: decision.keepAlive === 'Unanswered',
    });
    const check = checkFor(call, response);
    if (!check.ok)
      throw new Error(`the first event cannot be kept to finish the start next turn (${check.errorType})`);
    return response;
  }

  /**
   * A keep-alive that keeps the first outcome still owed to the workflow's next message, so a later turn
   * completes that message with it (docs/architecture.md §1.8: no event is lost because the workflow was
   * slow). One that would not fit in TransactionAttributes is dropped (logged), and so are any after the
   * first.
   */
  function keepAliveKeeping(
    turn: Turn,
    attributes: Record<string, string>,
    owed: KeptOutcome[],
    how: { forcePause?: boolean; unanswered?: boolean },
  ): PstnResponse {
    const { call } = turn;
    const keepAlive = (kept: Record<string, string>) =>
      keepAliveResponse(call, { ...attributes, ...kept }, { holdAudio: options.holdAudio, ...how });
    if (owed.length === 0) return keepAlive({});
    if (owed.length > 1)
      turn.log.warn('more than one event is owed to messages that did not come: only the first is kept', {
        ...turn.context,
        dropped: owed.length - 1,
      });
    const response = keepAlive(keptOutcome(owed[0]));
    const check = checkFor(call, response);
    if (check.ok) {
      turn.log.info("an owed outcome is kept for the workflow's next message", turn.context);
      return response;
    }
    turn.log.warn('an owed outcome is too big to keep: not delivered to the workflow', {
      ...turn.context,
      errorType: check.errorType,
    });
    return keepAlive({});
  }

  /** What the workflow's next messages are owed, in order: an earlier event's kept outcome, this event's. */
  function owedIn(turn: Turn, how: { kept?: KeptOutcome; owed?: TaskOutcome }): KeptOutcome[] {
    const now = how.owed === undefined ? [] : [{ outcome: how.owed, output: outputOf(turn, how.owed) }];
    return how.kept === undefined ? now : [how.kept, ...now];
  }

  /** A success's output: the event as the workflow receives it (JSON; the router's kept work removed,
   *  sensitive digits protected). '' for a failure. */
  function outputOf(turn: Turn, outcome: TaskOutcome): string {
    if (outcome.status !== 'success') return '';
    return JSON.stringify(protectDigits(withoutKeptIn(turn.event), turn.call, options.digitsKey));
  }

  async function deliver(
    turn: Turn,
    token: string,
    outcome: TaskOutcome,
    output = outputOf(turn, outcome),
  ): Promise<Delivery> {
    // The final signal: a message received just before the deadline still gets its task completed.
    const delivery = await workflow.complete(token, outcome, output, turn.budget.finalSignal());
    if (delivery === 'stale')
      turn.log.info('task token already used (retried invocation); polling on', turn.context);
    return delivery;
  }

  /**
   * Waits for the workflow's next message within the budget. A message PSTN audio would reject is not
   * returned: its task fails with INVALID_LAMBDA_RESPONSE (the workflow's Catch sees it) and polling goes
   * on. The first messages that arrive are those `kept` and `owed` were meant for: they complete their tasks
   * with them. Nothing in time: a keep-alive, keeping what is still owed.
   */
  async function nextActions(
    turn: Turn,
    queueUrl: string,
    how: {
      kept?: KeptOutcome;
      owed?: TaskOutcome;
      unanswered?: boolean;
      forcePause?: boolean;
      checkWorkflow?: string[];
    },
  ): Promise<PstnResponse> {
    const { call } = turn;
    // A second keep-alive in a row asks whether the workflow still runs: keep time for that question.
    const check = how.checkWorkflow !== undefined && how.checkWorkflow.length > 0 && how.owed === undefined;
    const budget = check ? turn.budget.withReserve(AFTER_WAIT_MS) : turn.budget;
    const owed = owedIn(turn, how);
    while (budget.remaining() > MIN_POLL_MS) {
      const body = await queue.receive(queueUrl, budget, (error) =>
        turn.log.warn('could not delete a received message; it may come back', {
          ...turn.context,
          error: describeError(error),
        }),
      );
      if (body === undefined) continue;
      const message = parseMessage(body);
      const token = waitTokenOf(message);
      const due = owed.shift();
      if (due !== undefined) {
        // This message answered an earlier event; the event that completes it is this one (or a kept one).
        if (token !== undefined) await deliver(turn, token, due.outcome, due.output);
        continue;
      }
      const verdict = checkFor(call, message);
      if (verdict.ok) return keepQueueUrl(verdict.response, queueUrl);
      if (token === undefined) {
        throw new Error(
          `the workflow's message is not a valid response (${verdict.errorType}) and has no WaitToken to report it to`,
        );
      }
      turn.log.warn("workflow's message rejected: failing its task with INVALID_LAMBDA_RESPONSE", {
        ...turn.context,
        errorType: verdict.errorType,
      });
      await deliver(turn, token, {
        status: 'failure',
        error: 'INVALID_LAMBDA_RESPONSE',
        cause: `${verdict.errorType}: ${verdict.errorMessage}`,
      });
    }
    if (check) {
      const execution = await executionState(turn, how.checkWorkflow!);
      if (whenNothingArrivesAgain(execution?.status) === 'apologise') {
        turn.log.warn('the workflow ended without hanging up: apologising and hanging up', {
          ...turn.context,
          status: execution?.status,
          error: execution?.error,
        });
        return apologyResponse(call, carried(call, queueUrl));
      }
    }
    return keepAliveKeeping(turn, carried(call, queueUrl), owed, {
      forcePause: how.forcePause,
      unanswered: how.unanswered,
    });
  }

  /** The call's execution as DescribeExecution reports it; undefined when that cannot be learnt (logged). */
  async function executionState(turn: Turn, executions: string[]): Promise<ExecutionState | undefined> {
    try {
      return await workflow.describe(executions, turn.budget.signal());
    } catch (error) {
      turn.log.warn("could not learn the workflow's status", {
        ...turn.context,
        error: describeError(error),
      });
      return undefined;
    }
  }

  /**
   * Final HANGUP (docs/architecture.md §1.9: the call is over, nothing may be left waiting or lying around):
   * fail the waiting task; if there was no live one, the workflow is between turns, so wait for its next
   * message and fail that, or stop the execution if none comes; fail every task still queued; delete the
   * queue. Each step runs even if an earlier one failed.
   */
  async function endCall(turn: Turn, decision: Extract<Decision, { do: 'end-call' }>): Promise<void> {
    const hangup: TaskOutcome = { status: 'failure', error: 'HANGUP', cause: 'the call ended' };
    const failures: unknown[] = [];
    const attempt = async <T>(step: () => Promise<T>): Promise<T | undefined> =>
      step().catch((error: unknown) => void failures.push(error));
    const failQueued = (bodies: string[]) =>
      Promise.all(
        bodies
          .map((body) => waitTokenOf(tryParse(body)))
          .filter((t): t is string => t !== undefined)
          .map((queued) => attempt(() => deliver(turn, queued, hangup))),
      );

    const queueUrl =
      decision.queueUrl ?? (await attempt(() => queue.find(decision.queueName, turn.budget.signal())));
    const token = decision.token;
    const delivery = token === undefined ? undefined : await attempt(() => deliver(turn, token, hangup));
    const plan = endOfCall(delivery === 'delivered');

    if (plan.then === 'await-workflow') {
      // The answer this instance last gave the call may have been ignored (the caller was gone): its task
      // is the live one. Tried before and after waiting (that answer may still be on its way).
      const failLastAnswered = async () => {
        const last = recent.lastToken(turn.call.transactionId);
        if (last === undefined || last === token) return false;
        return (await attempt(() => deliver(turn, last, hangup))) === 'delivered';
      };
      const execution = await executionState(turn, decision.executions);
      const arrived =
        workflowMayStillPost(execution?.status) &&
        ((await failLastAnswered()) ||
          (await attempt(() => awaitWorkflow(turn, queueUrl))) ||
          (await failLastAnswered()));
      if (arrived) {
        turn.log.info('failed the task the workflow was waiting on', turn.context);
      } else if (execution !== undefined && workflowMayStillPost(execution.status)) {
        const again = await executionState(turn, [execution.executionArn]);
        if (again?.status === 'RUNNING') {
          turn.log.warn('the workflow posted nothing after the hang-up: stopping it', turn.context);
          await attempt(() =>
            workflow.stop(execution.executionArn, plan.stop.error, plan.stop.cause, turn.budget.signal()),
          );
        }
      }
    }
    if (queueUrl !== undefined) {
      await attempt(async () => {
        const bodies = await queue.drain(queueUrl, turn.budget.signal());
        await failQueued(bodies);
        if (bodies.length > 0)
          turn.log.info('failed the tasks of messages left in the queue', {
            ...turn.context,
            messages: bodies.length,
          });
      });
      await attempt(() => queue.delete(queueUrl, turn.budget.signal()));
    }
    if (failures.length > 0) throw failures[0];
  }

  /** Waits (keeping time for what follows) for the workflow's next message and fails its task with HANGUP;
   *  true when one came. */
  async function awaitWorkflow(turn: Turn, queueUrl: string | undefined): Promise<boolean> {
    if (queueUrl === undefined) return false;
    const budget = turn.budget.withReserve(AFTER_WAIT_MS);
    const hangup: TaskOutcome = { status: 'failure', error: 'HANGUP', cause: 'the call ended' };
    while (budget.remaining() > MIN_POLL_MS) {
      const body = await queue.receive(queueUrl, budget, (error) =>
        turn.log.warn('could not delete a received message; it may come back', {
          ...turn.context,
          error: describeError(error),
        }),
      );
      if (body === undefined) continue;
      const token = waitTokenOf(tryParse(body));
      if (token !== undefined) await deliver(turn, token, hangup);
      return true;
    }
    return false;
  }

  function vetted(response: PstnResponse, turn: Turn): PstnResponse {
    for (const candidate of [response, hangupResponse(turn.call), emptyResponse(turn.call)]) {
      const check = checkFor(turn.call, candidate);
      if (check.ok) return check.response;
      turn.log.error('the router built a response PSTN audio would reject', {
        ...turn.context,
        errorType: check.errorType,
        errorMessage: check.errorMessage,
      });
    }
    return hangupResponse(turn.call);
  }
}

class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

function parseMessage(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedMessage(`a message in the call queue is not JSON (${body.length} characters)`);
  }
}

function tryParse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function waitTokenOf(message: unknown): string | undefined {
  const attributes = (message as { TransactionAttributes?: unknown } | null)?.TransactionAttributes;
  const token = (attributes as Record<string, unknown> | null | undefined)?.[ATTR.WaitToken];
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** PSTN audio's verdict on `response` as the answer to this call's event. */
function checkFor(call: CallView, response: unknown) {
  return checkResponse(response, { SchemaVersion: call.schemaVersion, InvocationEventType: call.type });
}

/** How a start failed, for whenStartFails: `signal` is the turn's (aborted: the budget ended). */
function startFailure(error: unknown, signal: AbortSignal): StartFailure {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  const status = metadata?.httpStatusCode;
  return {
    budgetEnded: signal.aborted,
    ...(error instanceof Error ? { error: error.name } : {}),
    ...(typeof status === 'number' ? { httpStatus: status } : {}),
  };
}

/** What every log line of a turn carries: who and which call, with phone numbers masked. */
function callContext(call: CallView): Record<string, unknown> {
  return {
    transactionId: call.transactionId,
    eventType: call.type,
    sequence: call.sequence,
    from: maskNumber(call.legA?.from),
    to: maskNumber(call.legA?.to),
  };
}

const whyOf = (decision: Decision) => ('why' in decision ? decision.why : undefined);
const actionTypes = (response: PstnResponse) =>
  Array.isArray(response.Actions) ? response.Actions.map((action) => action?.Type) : [];

/** Error name and message only: never the request (it may hold digits or numbers). */
function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error };
}
