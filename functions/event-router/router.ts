/**
 * The event router's dispatcher: reads the event, asks decide() what to do, has it done within the turn
 * budget — starting a call (start-call.ts), waiting for the workflow (wait-for-workflow.ts, keep-alive.ts),
 * ending a call (end-call.ts) — and always answers with a response PSTN audio accepts. Each step takes the
 * turn (turn.ts) explicitly.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { PstnResponse } from '../pstn';
import { readCall } from './call-view';
import { CallQueue, type Sleep } from './call-queue';
import { DEFAULT_TURN_BUDGET_MS, parseCallFlows, parseTurnBudget, type HoldAudio } from './config';
import { ATTR, carried } from './carried';
import { decide, type Decision } from './decide';
import { endCall } from './end-call';
import { apologyResponse, emptyResponse, hangupResponse } from './responses';
import { RecentAnswers } from './recent-answers';
import { startCall } from './start-call';
import { TurnBudget } from './turn-budget';
import {
  callContext,
  checkFor,
  deliver,
  describeError,
  type RouterLogger,
  type RouterParts,
  type Turn,
} from './turn';
import { turnMetrics, type MetricRecord } from './metrics';
import { nextActions } from './wait-for-workflow';
import { Workflow } from './workflow';

export type { RouterLogger } from './turn';

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
  /** Receives each turn's metrics (metrics.ts); index.ts emits them with Powertools Metrics. */
  metrics?: (records: MetricRecord[]) => void;
}

/** Answers one invocation. `startedAt`: when the invocation started (default: now). */
export type Router = (event: unknown, startedAt?: number) => Promise<PstnResponse>;

const silent: RouterLogger = { info() {}, warn() {}, error() {} };

export function createRouter(options: RouterOptions): Router {
  // Checked like CALL_FLOWS and TURN_BUDGET_MS: a bad setting fails here, not on a caller.
  const flows = options.callFlows instanceof Map ? Object.fromEntries(options.callFlows) : options.callFlows;
  const callFlows = parseCallFlows(JSON.stringify(flows));
  const turnBudgetMs = parseTurnBudget(String(options.turnBudgetMs ?? DEFAULT_TURN_BUDGET_MS));
  const log = options.logger ?? silent;
  const parts: RouterParts = {
    queue: new CallQueue(options.sqs, options.sleep),
    workflow: new Workflow(options.sfn),
    recent: new RecentAnswers(),
    holdAudio: options.holdAudio,
    digitsKey: options.digitsKey,
    now: options.now ?? Date.now,
  };
  return async (event, startedAt = parts.now()) => {
    const call = readCall(event);
    const budget = new TurnBudget(startedAt, turnBudgetMs, parts.now);
    const turn: Turn = { event, call, budget, log, context: callContext(call), parts };
    return route(turn, callFlows, startedAt, options.metrics);
  };
}

/** One turn: the answer given before to the same event, or what decide() says, done and vetted. */
async function route(
  turn: Turn,
  callFlows: ReadonlyMap<string, string>,
  startedAt: number,
  metrics?: (records: MetricRecord[]) => void,
): Promise<PstnResponse> {
  const { call, log, parts } = turn;
  const replay = parts.recent.find(call);
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
      ms: parts.now() - startedAt,
    });
  } catch (error) {
    log.error('turn failed: apologising and hanging up', {
      ...turn.context,
      decision: decision?.do,
      error: describeError(error),
      ms: parts.now() - startedAt,
    });
    response = vetted(apologyResponse(call, carried(call, turn.queueUrl)), turn);
  } finally {
    turn.budget.end();
  }
  parts.recent.remember(call, response);
  metrics?.(turnMetrics(call, decision?.do, response, parts.now() - startedAt));
  return response;
}

/** Does what the decision says; the response to give. */
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

/** The response if PSTN audio accepts it; else a Hangup, else an empty answer (each failure logged). */
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

const whyOf = (decision: Decision) => ('why' in decision ? decision.why : undefined);
const actionTypes = (response: PstnResponse) =>
  Array.isArray(response.Actions) ? response.Actions.map((action) => action?.Type) : [];
