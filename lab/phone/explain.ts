/**
 * Why a call went wrong, in a few lines a person can act on: every error its workflow raised (caught or
 * not) with the state that raised it — for INVALID_LAMBDA_RESPONSE the cause names the action and field PSTN
 * audio refused — the execution's own failure, and what the simulator could not deliver. A caller hanging up
 * (`HANGUP`) is how calls end, not a problem, and is left out.
 */
import type { Lab } from '../index';
import type { LogEntry } from '../pstn';
import { errorsOf, type StateError } from './web/execution';

/** Errors that only say the call ended: the workflow's normal way out, never a cause. */
const ENDINGS = new Set(['HANGUP']);

export function explainErrors(
  errors: StateError[],
  execution?: { status: string; error?: string; cause?: string },
): string[] {
  const lines = errors
    .filter((e) => !ENDINGS.has(e.error) && e.event !== 'ExecutionFailed')
    .map(
      (e) =>
        `${e.state ? `state "${e.state}"` : 'the execution'} raised ${e.error}${e.cause ? `: ${e.cause}` : ''}`,
    );
  if (
    execution &&
    execution.status !== 'RUNNING' &&
    execution.status !== 'SUCCEEDED' &&
    !ENDINGS.has(execution.error ?? '')
  ) {
    lines.push(
      `the workflow ended ${execution.status}${execution.error ? `: ${execution.error}` : ''}${execution.cause ? ` — ${execution.cause}` : ''}`,
    );
  }
  return [...new Set(lines)];
}

export function explainLog(log: LogEntry[]): string[] {
  return log
    .filter((e) => e.kind === 'error')
    .map((e) => `PSTN audio: ${(e as { message: string }).message}`);
}

/** The explanation of one call, read from the lab (empty when nothing went wrong). */
export function explainCall(lab: Lab, transactionId: string): string[] {
  const execution = lab.stepFunctions.executions().find((e) => e.name === `call-${transactionId}`);
  const fromWorkflow = execution ? explainErrors(errorsOf(execution.history()), execution) : [];
  return [...fromWorkflow, ...explainLog(lab.pstn.log(transactionId))];
}
