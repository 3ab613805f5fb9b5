/**
 * The Step Functions API's state across a lab restart (`npm start -- --data <dir>`): the state machines it was
 * given and the executions it ran, with their histories, so that ListExecutions, DescribeExecution and
 * GetExecutionHistory answer after the restart as before it. An execution does not run across a restart: one
 * still running when the lab stops is kept as ABORTED, with a cause that says so (on AWS it would go on).
 */
import type { Execution, ExecutionStatus, HistoryEvent } from '../engine';
import type { StateMachine, Store } from './store';

export interface KeptExecution {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  startDate: number;
  stopDate?: number;
  status: ExecutionStatus;
  input: unknown;
  inputText: string;
  output?: unknown;
  error?: string;
  cause?: string;
  variables: Record<string, unknown>;
  history: HistoryEvent[];
}

export interface KeptStepFunctions {
  stateMachines: StateMachine[];
  executions: KeptExecution[];
}

export const STOPPED_BY_RESTART = {
  error: 'Lab.Stopped',
  cause: 'The lab stopped while this execution was running; executions do not run across a lab restart.',
};

/** What to write down when the lab closes (lab time `now`). */
export function snapshotOf(store: Store, now: number): KeptStepFunctions {
  const executions = [...store.executions.values()].map(({ execution, inputText }) => {
    const running = execution.status === 'RUNNING';
    const history = execution.history();
    return {
      executionArn: execution.executionArn,
      name: execution.name,
      stateMachineArn: execution.stateMachineArn,
      startDate: execution.startDate,
      status: running ? ('ABORTED' as const) : execution.status,
      input: execution.input,
      inputText,
      variables: execution.variables(),
      history: running ? [...history, abortedEvent(history, now)] : history,
      ...(running
        ? { stopDate: now, ...STOPPED_BY_RESTART }
        : {
            stopDate: execution.stopDate,
            output: execution.output,
            error: execution.error,
            cause: execution.cause,
          }),
    };
  });
  return { stateMachines: [...store.stateMachines.values()], executions };
}

/** Puts kept state machines (those the lab has not made afresh) and executions back into the store. */
export function restoreInto(
  store: Store,
  kept: KeptStepFunctions,
): { stateMachines: number; executions: number } {
  let stateMachines = 0;
  for (const machine of kept.stateMachines ?? []) {
    if (store.stateMachines.has(machine.stateMachineArn)) continue;
    store.stateMachines.set(machine.stateMachineArn, machine);
    stateMachines++;
  }
  let executions = 0;
  for (const e of kept.executions ?? []) {
    if (store.executions.has(e.executionArn)) continue;
    store.executions.set(e.executionArn, {
      execution: archived(e),
      inputText: e.inputText,
      inputKey: JSON.stringify(e.input),
    });
    store.executionNames.set(`${e.stateMachineArn}\n${e.name}`, e.executionArn);
    executions++;
  }
  return { stateMachines, executions };
}

/** A finished execution read back from disk: everything the API asks of it, nothing left to run. */
function archived(kept: KeptExecution): Execution {
  const execution: Execution = {
    executionArn: kept.executionArn,
    name: kept.name,
    stateMachineArn: kept.stateMachineArn,
    startDate: kept.startDate,
    input: kept.input,
    status: kept.status,
    stopDate: kept.stopDate,
    output: kept.output,
    error: kept.error,
    cause: kept.cause,
    variables: () => kept.variables,
    currentStates: () => [],
    history: () => kept.history,
    mapRuns: () => [],
    done: Promise.resolve(undefined as unknown as Execution),
  };
  Object.defineProperty(execution, 'done', { value: Promise.resolve(execution) });
  return execution;
}

function abortedEvent(history: HistoryEvent[], now: number): HistoryEvent {
  const last = history.at(-1);
  return {
    id: (last?.id ?? 0) + 1,
    previousEventId: last?.id ?? 0,
    timestamp: now,
    type: 'ExecutionAborted',
    executionAbortedEventDetails: { ...STOPPED_BY_RESTART },
  };
}
