/**
 * The call's workflow (a Step Functions Standard execution): start it, and tell its waiting task how the
 * actions went. Thin I/O shell; every call is bounded by the turn's abort signal.
 */
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { TaskOutcome } from './decide';

/** A token that was already used or has expired: a retried invocation, or a keep-alive's turn. Not an error. */
const STALE_TOKEN = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);
/** SendTaskFailure limits. */
const MAX_CAUSE = 32768;

export type Delivery = 'delivered' | 'stale';

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
}
