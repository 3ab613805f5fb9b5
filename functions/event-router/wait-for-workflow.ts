/**
 * Waiting for the workflow: the one loop that receives from the call queue within a budget, and what a
 * turn does with the messages it receives — settle what earlier events are owed, return the first message
 * PSTN audio accepts, or, when nothing comes in time, a keep-alive (or, when the workflow ended without
 * hanging up, the apology).
 */
import type { PstnResponse } from '../pstn';
import { carried, keepQueueUrl, type KeptOutcome } from './carried';
import { whenNothingArrivesAgain } from './decide';
import { keepAliveKeeping, owedIn, type KeepAliveHow } from './keep-alive';
import { apologyResponse } from './responses';
import type { TaskOutcome } from './task-outcome';
import type { TurnBudget } from './turn-budget';
import { checkFor, deliver, describeError, executionState, waitTokenOf, type Turn } from './turn';

/** Stop polling when less than this is left of the budget. */
export const MIN_POLL_MS = 50;
/** Kept back from polling when AWS calls follow the wait (DescribeExecution, StopExecution, DeleteQueue). */
export const AFTER_WAIT_MS = 300;

/**
 * The receive loop: long-polls the call queue within `budget` and hands each message's body to `take`,
 * until `take` returns a result (returned) or the budget runs out (undefined).
 */
export async function receiveUntil<T>(
  turn: Turn,
  queueUrl: string,
  budget: TurnBudget,
  take: (body: string) => Promise<T | undefined>,
): Promise<T | undefined> {
  while (budget.remaining() > MIN_POLL_MS) {
    const body = await turn.parts.queue.receive(queueUrl, budget, (error) =>
      turn.log.warn('could not delete a received message; it may come back', {
        ...turn.context,
        error: describeError(error),
      }),
    );
    if (body === undefined) continue;
    const result = await take(body);
    if (result !== undefined) return result;
  }
  return undefined;
}

/** What a turn waits with: the outcomes owed to the first messages, how a keep-alive would sound, and (after a
 *  keep-alive that nothing followed) the executions to ask whether the workflow still runs. */
export interface WaitHow extends KeepAliveHow {
  kept?: KeptOutcome;
  owed?: TaskOutcome;
  checkWorkflow?: string[];
}

/**
 * Waits for the workflow's next message within the budget. The first messages that arrive are those `kept`
 * and `owed` were meant for: they complete their tasks with them. Nothing in time: a keep-alive, keeping
 * what is still owed.
 */
export async function nextActions(turn: Turn, queueUrl: string, how: WaitHow): Promise<PstnResponse> {
  // A second keep-alive in a row asks whether the workflow still runs: keep time for that question.
  const executions = how.owed === undefined ? (how.checkWorkflow ?? []) : [];
  const budget = executions.length > 0 ? turn.budget.withReserve(AFTER_WAIT_MS) : turn.budget;
  const owed = owedIn(turn, how);
  const answer = await receiveUntil(turn, queueUrl, budget, (body) =>
    takeMessage(turn, queueUrl, body, owed),
  );
  if (answer !== undefined) return answer;
  if (executions.length > 0) {
    const apology = await apologyIfWorkflowEnded(turn, queueUrl, executions);
    if (apology !== undefined) return apology;
  }
  return keepAliveKeeping(turn, carried(turn.call, queueUrl), owed, {
    forcePause: how.forcePause,
    unanswered: how.unanswered,
  });
}

/**
 * One message from the workflow. While outcomes are `owed`, it answered an earlier event: the first owed
 * outcome completes its task, and polling goes on (undefined). Otherwise it is the answer, if PSTN audio
 * would accept it; if not, its task fails with INVALID_LAMBDA_RESPONSE (the workflow's Catch sees it) and
 * polling goes on.
 */
async function takeMessage(
  turn: Turn,
  queueUrl: string,
  body: string,
  owed: KeptOutcome[],
): Promise<PstnResponse | undefined> {
  const message = parseMessage(body);
  const token = waitTokenOf(message);
  const due = owed.shift();
  if (due !== undefined) {
    // This message answered an earlier event; the event that completes it is this one (or a kept one).
    if (token !== undefined) await deliver(turn, token, due.outcome, due.output);
    return undefined;
  }
  const verdict = checkFor(turn.call, message);
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
  return undefined;
}

/** Nothing came after a keep-alive, twice: the apology if the workflow ended without hanging up. */
async function apologyIfWorkflowEnded(
  turn: Turn,
  queueUrl: string,
  executions: string[],
): Promise<PstnResponse | undefined> {
  const execution = await executionState(turn, executions);
  if (whenNothingArrivesAgain(execution?.status) !== 'apologise') return undefined;
  turn.log.warn('the workflow ended without hanging up: apologising and hanging up', {
    ...turn.context,
    status: execution?.status,
    error: execution?.error,
  });
  return apologyResponse(turn.call, carried(turn.call, queueUrl));
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
