/** Errors the interpreter itself raises (as opposed to errors a task returns). */
import { StatesError } from './types';

/**
 * An error raised by the interpreter. AWS prefixes its cause with the state and the id of its
 * entered event once the state is known (see `withStatePrefix`).
 */
export class InterpreterError extends StatesError {
  prefixed = false;
}

export const runtimeError = (cause: string) => new InterpreterError('States.Runtime', cause);
export const queryError = (cause: string) => new InterpreterError('States.QueryEvaluationError', cause);

/** Heartbeat expiry: recorded as States.Timeout, but matched by States.HeartbeatTimeout too. */
export class HeartbeatTimeout extends StatesError {
  constructor() {
    super('States.Timeout', '');
  }
}

export function withStatePrefix(err: unknown, stateName: string, enteredEventId: number): unknown {
  if (err instanceof InterpreterError && !err.prefixed) {
    const out = new InterpreterError(
      err.error,
      `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${err.cause}`,
    );
    out.prefixed = true;
    return out;
  }
  return err;
}

/** Whatever was thrown, as Error/Cause. A non-StatesError becomes States.TaskFailed. */
export function toStatesError(err: unknown): StatesError {
  if (err instanceof StatesError) return err;
  if (err instanceof Error) return new StatesError('States.TaskFailed', err.message);
  return new StatesError('States.TaskFailed', String(err));
}

export const json = (value: unknown): string => JSON.stringify(value === undefined ? null : value);
