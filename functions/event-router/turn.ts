/**
 * One turn of a call — one invocation, from the event to the response — as an explicit value every step of
 * the router takes: what arrived (the event, read into a CallView), the time it may take (TurnBudget), the
 * call queue once known, the log and its context, and the router's parts (its AWS shells, settings and memory).
 * Also the small steps every part of a turn uses: telling the workflow's task, asking for the execution's
 * status, PSTN audio's verdict on a response.
 */
import { checkResponse } from '../pstn';
import type { CallQueue } from './call-queue';
import type { CallView } from './call-view';
import { ATTR, withoutKeptIn } from './carried';
import type { HoldAudio } from './config';
import { maskNumber } from './masking';
import type { RecentAnswers } from './recent-answers';
import { protectDigits } from './sensitive-digits';
import type { TaskOutcome } from './task-outcome';
import type { TurnBudget } from './turn-budget';
import type { Delivery, ExecutionState, Workflow } from './workflow';

/** The logging the router needs; the Powertools Logger fits it, and tests pass their own. */
export interface RouterLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** What one router holds for all its turns. */
export interface RouterParts {
  queue: CallQueue;
  workflow: Workflow;
  /** The answers this instance gave lately (retried invocations, the last task token of a call). */
  recent: RecentAnswers;
  holdAudio?: HoldAudio;
  /** Key for sensitive digits; without it they reach the workflow as `redacted`. */
  digitsKey?: string;
  now: () => number;
}

export interface Turn {
  event: unknown;
  call: CallView;
  budget: TurnBudget;
  /** The call queue, once known: kept in an apology so the final HANGUP can still clean up. */
  queueUrl?: string;
  log: RouterLogger;
  /** What every log line of the turn carries. */
  context: Record<string, unknown>;
  parts: RouterParts;
}

/** What every log line of a turn carries: who and which call, with phone numbers masked. */
export function callContext(call: CallView): Record<string, unknown> {
  return {
    transactionId: call.transactionId,
    eventType: call.type,
    sequence: call.sequence,
    from: maskNumber(call.legA?.from),
    to: maskNumber(call.legA?.to),
  };
}

/** Error name and message only: never the request (it may hold digits or numbers). */
export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error };
}

/** PSTN audio's verdict on `response` as the answer to this call's event. */
export function checkFor(call: CallView, response: unknown) {
  return checkResponse(response, { SchemaVersion: call.schemaVersion, InvocationEventType: call.type });
}

/** A success's output: the event as the workflow receives it (JSON; the router's kept work removed,
 *  sensitive digits protected). '' for a failure. */
export function outputOf(turn: Turn, outcome: TaskOutcome): string {
  if (outcome.status !== 'success') return '';
  return JSON.stringify(protectDigits(withoutKeptIn(turn.event), turn.call, turn.parts.digitsKey));
}

/** Tells the task waiting on `token` how its actions went (by default with this turn's event). */
export async function deliver(
  turn: Turn,
  token: string,
  outcome: TaskOutcome,
  output = outputOf(turn, outcome),
): Promise<Delivery> {
  // The final signal: a message received just before the deadline still gets its task completed.
  const delivery = await turn.parts.workflow.complete(token, outcome, output, turn.budget.finalSignal());
  if (delivery === 'stale')
    turn.log.info('task token already used (retried invocation); polling on', turn.context);
  return delivery;
}

/** The call's execution as DescribeExecution reports it; undefined when that cannot be learnt (logged). */
export async function executionState(
  turn: Turn,
  executions: string[],
  signal: AbortSignal = turn.budget.signal(),
): Promise<ExecutionState | undefined> {
  try {
    return await turn.parts.workflow.describe(executions, signal);
  } catch (error) {
    turn.log.warn("could not learn the workflow's status", {
      ...turn.context,
      error: describeError(error),
    });
    return undefined;
  }
}

/** The WaitToken a workflow's message carries, if any. */
export function waitTokenOf(message: unknown): string | undefined {
  const attributes = (message as { TransactionAttributes?: unknown } | null)?.TransactionAttributes;
  const token = (attributes as Record<string, unknown> | null | undefined)?.[ATTR.WaitToken];
  return typeof token === 'string' && token !== '' ? token : undefined;
}
