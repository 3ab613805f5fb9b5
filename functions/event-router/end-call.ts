/**
 * Ending a call, on the final HANGUP (docs/architecture.md §1.9: the call is over, nothing may be left
 * waiting or lying around): fail the waiting task; if there was no live one, the workflow is between turns,
 * so wait for its next message and fail that, or stop the execution if none comes; fail every task still
 * queued; delete the queue. Each step runs even if an earlier one failed.
 */
import { endOfCall, workflowMayStillPost, type Decision } from './decide';
import type { TaskOutcome } from './task-outcome';
import { deliver, executionState, waitTokenOf, type Turn } from './turn';
import { AFTER_WAIT_MS, receiveUntil } from './wait-for-workflow';

export type EndCall = Extract<Decision, { do: 'end-call' }>;

/**
 * Finding, emptying and deleting the queue at the end of a call get their own deadline, not what is left of the
 * turn budget: a HANGUP's answer carries no actions, so nothing waits on it, and under load (300 calls ending
 * at once) the budget's last second was not enough for DeleteQueue, which left queues behind. 10 s, well
 * within the router's 20 s Lambda timeout after a 4 s turn.
 */
export const CLEANUP_DEADLINE_MS = 10_000;

/** What every task of a call that ended is told. */
const HANGUP: TaskOutcome = { status: 'failure', error: 'HANGUP', cause: 'the call ended' };

/** Runs each step of the end of a call even if an earlier one failed; `finish` throws the first failure. */
class Steps {
  private readonly failures: unknown[] = [];

  run<T>(step: () => Promise<T>): Promise<T | undefined> {
    return step().catch((error: unknown) => void this.failures.push(error));
  }

  finish(): void {
    if (this.failures.length > 0) throw this.failures[0];
  }
}

export async function endCall(turn: Turn, decision: EndCall): Promise<void> {
  const steps = new Steps();
  const cleanup = AbortSignal.timeout(CLEANUP_DEADLINE_MS);
  const queueUrl =
    decision.queueUrl ?? (await steps.run(() => turn.parts.queue.find(decision.queueName, cleanup)));
  const token = decision.token;
  const delivery = token === undefined ? undefined : await steps.run(() => deliver(turn, token, HANGUP));
  const plan = endOfCall(delivery === 'delivered');
  if (plan.then === 'await-workflow')
    await settleWorkflow(turn, steps, decision, queueUrl, plan.stop, cleanup);
  if (queueUrl !== undefined) await emptyAndDelete(turn, steps, queueUrl, cleanup);
  steps.finish();
}

/**
 * No live task was failed: the workflow is between turns. Fail the task of its next message (the last
 * answer this instance gave, or one that arrives while the budget lasts); if none comes and the execution
 * still runs, stop it — it can no longer reach the caller.
 */
async function settleWorkflow(
  turn: Turn,
  steps: Steps,
  decision: EndCall,
  queueUrl: string | undefined,
  stop: { error: string; cause: string },
  cleanup: AbortSignal,
): Promise<void> {
  const execution = await executionState(turn, decision.executions, cleanup);
  const arrived =
    workflowMayStillPost(execution?.status) &&
    ((await failLastAnswered(turn, steps, decision.token)) ||
      (await steps.run(() => awaitWorkflow(turn, queueUrl))) ||
      (await failLastAnswered(turn, steps, decision.token)));
  if (arrived) {
    turn.log.info('failed the task the workflow was waiting on', turn.context);
    return;
  }
  if (execution === undefined || !workflowMayStillPost(execution.status)) return;
  const again = await executionState(turn, [execution.executionArn], cleanup);
  if (again?.status !== 'RUNNING') return;
  turn.log.warn('the workflow posted nothing after the hang-up: stopping it', turn.context);
  await steps.run(() => turn.parts.workflow.stop(execution.executionArn, stop.error, stop.cause, cleanup));
}

/** The answer this instance last gave the call may have been ignored (the caller was gone): its task is the
 *  live one. Tried before and after waiting (that answer may still be on its way). True when it was failed. */
async function failLastAnswered(turn: Turn, steps: Steps, token: string | undefined): Promise<boolean> {
  const last = turn.parts.recent.lastToken(turn.call.transactionId);
  if (last === undefined || last === token) return false;
  return (await steps.run(() => deliver(turn, last, HANGUP))) === 'delivered';
}

/** Waits (keeping time for what follows) for the workflow's next message and fails its task with HANGUP;
 *  true when one came. */
async function awaitWorkflow(turn: Turn, queueUrl: string | undefined): Promise<boolean> {
  if (queueUrl === undefined) return false;
  const budget = turn.budget.withReserve(AFTER_WAIT_MS);
  const arrived = await receiveUntil(turn, queueUrl, budget, async (body) => {
    const token = waitTokenOf(tryParse(body));
    if (token !== undefined) await deliver(turn, token, HANGUP);
    return true;
  });
  return arrived ?? false;
}

/** Fails the task of every message still in the queue, then deletes the queue (its own deadline). */
async function emptyAndDelete(
  turn: Turn,
  steps: Steps,
  queueUrl: string,
  deadline: AbortSignal,
): Promise<void> {
  const { queue } = turn.parts;
  await steps.run(async () => {
    const bodies = await queue.drain(queueUrl, deadline);
    const tokens = bodies.map((body) => waitTokenOf(tryParse(body))).filter((t) => t !== undefined);
    await Promise.all(tokens.map((queued) => steps.run(() => deliver(turn, queued, HANGUP))));
    if (bodies.length > 0)
      turn.log.info('failed the tasks of messages left in the queue', {
        ...turn.context,
        messages: bodies.length,
      });
  });
  await steps.run(() => queue.delete(queueUrl, deadline));
}

function tryParse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
