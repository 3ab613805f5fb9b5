/**
 * What a call leaves behind once it is over: the call queues still in SQS (`call-*`, found through the real
 * SDK on the lab's edge) and the executions still RUNNING. `callOver` waits until the simulator has finished
 * the call (its final HANGUP answered) and the call's execution has ended.
 */
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Lab } from '../../../lab';
import type { Execution } from '../../../lab/engine';
import type { CallSummary, PstnSimulator } from '../../../lab/pstn';
import { labClientConfig } from '../../../lab/services/sdk';

/** Real time allowed for a call's clean-up to finish (a router turn is at most 4 s). */
const SETTLE_MS = 8_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined, ms = SETTLE_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await pause(20);
  }
}

/** Waits until the simulator has ended the call and its execution is no longer RUNNING. */
export async function callOver(
  lab: Pick<Lab, 'stepFunctions'>,
  pstn: Pick<PstnSimulator, 'calls'>,
  transactionId: string,
  /** Real ms the execution may take to end once the simulator is done with the call. */
  executionMs = SETTLE_MS,
): Promise<{ call: CallSummary; execution: Execution }> {
  const call = await until(`call ${transactionId} to end`, () =>
    pstn.calls().find((c) => c.transactionId === transactionId && c.state === 'ended'),
  );
  return { call, execution: await executionOver(lab, transactionId, executionMs) };
}

/** Waits until the execution of a call is no longer RUNNING. */
export function executionOver(
  lab: Pick<Lab, 'stepFunctions'>,
  transactionId: string,
  ms = SETTLE_MS,
): Promise<Execution> {
  return until(
    `the execution of call ${transactionId} to end`,
    () =>
      lab.stepFunctions
        .executions()
        .find((e) => e.name === `call-${transactionId}` && e.status !== 'RUNNING'),
    ms,
  );
}

/**
 * Call queues left in SQS, and executions still RUNNING. Both must be empty once every call is over.
 * ListQueues may go on listing a deleted queue for up to 60 s (as in AWS), so each listed queue is asked for
 * its attributes: a deleted one answers QueueDoesNotExist.
 */
export async function leftovers(
  lab: Pick<Lab, 'edgeUrl' | 'stepFunctions'>,
): Promise<{ queues: string[]; running: string[] }> {
  const sqs = new SQSClient(labClientConfig(lab.edgeUrl));
  try {
    const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'call-' }));
    const listed = out.QueueUrls ?? [];
    const alive = await Promise.all(
      listed.map((QueueUrl) =>
        sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['CreatedTimestamp'] })).then(
          () => true,
          (error: Error) => {
            if (
              error.name === 'QueueDoesNotExist' ||
              error.name === 'AWS.SimpleQueueService.NonExistentQueue'
            )
              return false;
            throw error;
          },
        ),
      ),
    );
    const running = lab.stepFunctions
      .executions()
      .filter((e) => e.status === 'RUNNING')
      .map((e) => e.name);
    return { queues: listed.filter((_, i) => alive[i]), running };
  } finally {
    sqs.destroy();
  }
}

/** The error a Catch sent the flow on with (the flow's output; see flows.ts). */
export function caughtBy(execution: Execution): { Error?: string; Cause?: string } | null {
  return (execution.output ?? null) as { Error?: string; Cause?: string } | null;
}

/** The states an execution entered, in order (from its history). */
export function statesEntered(execution: Execution): string[] {
  return execution
    .history()
    .filter((h) => h.type.endsWith('StateEntered'))
    .map((h) => (h.stateEnteredEventDetails as { name: string }).name);
}

/** The errors its tasks failed with, in order (from its history). */
export function taskErrors(execution: Execution): string[] {
  return execution
    .history()
    .filter((h) => h.type === 'TaskFailed')
    .map((h) => (h.taskFailedEventDetails as { error: string }).error);
}
