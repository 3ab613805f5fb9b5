/**
 * The call's workflow (a Step Functions Standard execution): start it, and tell its waiting task how the
 * actions went. Thin I/O shell; every call is bounded by the turn's abort signal.
 */
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { TaskOutcome } from './task-outcome';

/** A token that was already used or has expired: a retried invocation, or a keep-alive's turn. Not an error. */
const STALE_TOKEN = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);
/** SendTaskFailure limits. */
const MAX_CAUSE = 32768;

export type Delivery = 'delivered' | 'stale';

/** What DescribeExecution said about the call's execution. */
export interface ExecutionState {
  executionArn: string;
  status?: string;
  error?: string;
  cause?: string;
}

/** The execution input (docs/architecture.md §1.1): `{"QueueUrl","Event"}`, with the first event as kept
 *  (JSON text), so a start finished in a later turn sends exactly the input of the first attempt. */
export function executionInput(queueUrl: string, firstEvent: string): string {
  return `{"QueueUrl":${JSON.stringify(queueUrl)},"Event":${firstEvent}}`;
}

export class Workflow {
  constructor(private readonly sfn: SFNClient) {}

  /** Starts the execution; a retried invocation finds it already started, which is fine. */
  async start(
    stateMachineArn: string,
    name: string,
    input: string,
    signal: AbortSignal,
  ): Promise<'started' | 'already-started'> {
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }), {
        abortSignal: signal,
      });
      return 'started';
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }

  /** Completes the task waiting on `token`: success with `output` (the event, as JSON), or a failure. */
  async complete(
    token: string,
    outcome: TaskOutcome,
    output: string,
    signal: AbortSignal,
  ): Promise<Delivery> {
    const command =
      outcome.status === 'success'
        ? new SendTaskSuccessCommand({ taskToken: token, output })
        : new SendTaskFailureCommand({
            taskToken: token,
            error: outcome.error,
            cause: outcome.cause.slice(0, MAX_CAUSE),
          });
    try {
      await this.sfn.send(command as SendTaskSuccessCommand, { abortSignal: signal });
      return 'delivered';
    } catch (error) {
      if (error instanceof Error && STALE_TOKEN.has(error.name)) return 'stale';
      throw error;
    }
  }

  /** The first of `executionArns` that exists, with its status; undefined when none does. */
  async describe(executionArns: string[], signal: AbortSignal): Promise<ExecutionState | undefined> {
    for (const executionArn of executionArns) {
      try {
        const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }), {
          abortSignal: signal,
        });
        return { executionArn, status: out.status, error: out.error, cause: out.cause };
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionDoesNotExist') continue;
        throw error;
      }
    }
    return undefined;
  }

  /** Stops the execution; one that ended meanwhile is fine (StopExecution does nothing to it). */
  async stop(executionArn: string, error: string, cause: string, signal: AbortSignal): Promise<void> {
    await this.sfn.send(new StopExecutionCommand({ executionArn, error, cause: cause.slice(0, MAX_CAUSE) }), {
      abortSignal: signal,
    });
  }
}
