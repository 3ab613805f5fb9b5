/**
 * Starting a call: create the call queue, start the workflow, then wait for its first actions. The names
 * and the execution input are the same every time, so finishing a start an earlier turn began is
 * idempotent. A start that the turn budget cut short, or that AWS refused for now, gets the caller a
 * keep-alive that carries the start to the next event (whenStartFails); any other failure is thrown: the
 * apology.
 */
import type { PstnResponse } from '../pstn';
import { carried, keptStart, type UnfinishedStart } from './carried';
import { whenStartFails, type Decision, type StartFailure } from './decide';
import { keepAliveKeeping, owedIn } from './keep-alive';
import { emptyResponse } from './responses';
import { checkFor, describeError, type Turn } from './turn';
import { nextActions } from './wait-for-workflow';
import { executionInput } from './workflow';

export type StartCall = Extract<Decision, { do: 'start-call' }>;

export async function startCall(turn: Turn, decision: StartCall): Promise<PstnResponse> {
  const firstEvent = decision.unfinished?.firstEvent ?? JSON.stringify(turn.event);
  const signal = turn.budget.signal();
  let queueUrl: string;
  try {
    queueUrl = await createAndStart(turn, decision, firstEvent, signal);
  } catch (error) {
    const keepAlives = decision.unfinished?.keepAlives ?? 0;
    if (whenStartFails(startFailure(error, signal), keepAlives) === 'apologise') throw error;
    turn.log.warn('the call could not be started this turn: a keep-alive, the next event finishes it', {
      ...turn.context,
      error: describeError(error),
      keepAlives: keepAlives + 1,
    });
    return startKeepAlive(turn, decision, { firstEvent, keepAlives: keepAlives + 1 });
  }
  if (decision.then === 'answer-now') return emptyResponse(turn.call);
  return nextActions(turn, queueUrl, {
    kept: decision.kept,
    owed: decision.owed,
    unanswered: decision.keepAlive === 'Unanswered',
    forcePause: decision.keepAlive === 'Pause',
  });
}

/** CreateQueue, then StartExecution; the turn learns the call queue as soon as it exists. */
async function createAndStart(
  turn: Turn,
  decision: StartCall,
  firstEvent: string,
  signal: AbortSignal,
): Promise<string> {
  const { queue, workflow, now } = turn.parts;
  const tags = {
    TransactionId: turn.call.transactionId ?? '',
    StateMachineArn: decision.stateMachineArn,
    CreatedAt: new Date(now()).toISOString(),
  };
  const queueUrl = await queue.create(decision.name, tags, signal);
  turn.queueUrl = queueUrl;
  const input = executionInput(queueUrl, firstEvent);
  const started = await workflow.start(decision.stateMachineArn, decision.name, input, signal);
  if (started === 'already-started')
    turn.log.info('workflow already started (a retried invocation, or it ended)', turn.context);
  if (decision.unfinished)
    turn.log.info('the start an earlier turn could not finish is finished', turn.context);
  return queueUrl;
}

/** The keep-alive that carries an unfinished start (and what the first message is owed) to the next event.
 *  Throws (the apology) when the first event does not fit in TransactionAttributes. */
function startKeepAlive(turn: Turn, decision: StartCall, start: UnfinishedStart): PstnResponse {
  const { call } = turn;
  const attributes = { ...carried(call, turn.queueUrl), ...keptStart(decision.stateMachineArn, start) };
  const response = keepAliveKeeping(turn, attributes, owedIn(turn, decision), {
    forcePause: decision.keepAlive === 'Pause',
    unanswered: decision.keepAlive === 'Unanswered',
  });
  const check = checkFor(call, response);
  if (!check.ok)
    throw new Error(`the first event cannot be kept to finish the start next turn (${check.errorType})`);
  return response;
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
