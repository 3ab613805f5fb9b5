/**
 * What the page shows of one execution, read from its history (pure): the states in the order they were
 * entered (the path taken), the states running now, the variables, and every error with the state that raised it.
 */
import type { Execution, HistoryEvent } from '../../engine';

export interface StateError {
  /** The state the error was raised in ('' when it came from the execution itself, e.g. a timeout). */
  state: string;
  error: string;
  cause: string;
  /** The history event that recorded it, e.g. TaskFailed, ExecutionFailed. */
  event: string;
}

export interface ExecutionView {
  executionArn: string;
  name: string;
  stateMachine: string;
  status: string;
  startDate: number;
  stopDate?: number;
  /** State names in the order they were entered (a state entered twice appears twice). */
  path: string[];
  current: string[];
  variables: Record<string, unknown>;
  errors: StateError[];
  error?: string;
  cause?: string;
}

export function pathOf(history: HistoryEvent[]): string[] {
  return history.filter((e) => e.type.endsWith('StateEntered')).map((e) => stateName(e) ?? '?');
}

/** Errors in the history; each is traced back through previousEventId to the state it happened in. */
export function errorsOf(history: HistoryEvent[]): StateError[] {
  const byId = new Map(history.map((e) => [e.id, e]));
  const errors: StateError[] = [];
  for (const event of history) {
    if (!/(Failed|TimedOut|Aborted)$/.test(event.type)) continue;
    const details = (event[detailsKeyOf(event)] ?? {}) as { error?: string; cause?: string };
    if (details.error === undefined && details.cause === undefined) continue;
    errors.push({
      state: stateOf(event, byId),
      error: details.error ?? '',
      cause: details.cause ?? '',
      event: event.type,
    });
  }
  return errors;
}

export function viewOf(execution: Execution): ExecutionView {
  const history = execution.history();
  return {
    executionArn: execution.executionArn,
    name: execution.name,
    stateMachine: execution.stateMachineArn.split(':').pop() ?? '',
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate !== undefined ? { stopDate: execution.stopDate } : {}),
    path: pathOf(history),
    current: execution.status === 'RUNNING' ? execution.currentStates() : [],
    variables: execution.variables(),
    errors: errorsOf(history),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
  };
}

function stateOf(event: HistoryEvent, byId: Map<number, HistoryEvent>): string {
  for (let e: HistoryEvent | undefined = event; e; e = byId.get(e.previousEventId)) {
    if (e.type.endsWith('StateEntered')) return stateName(e) ?? '';
    if (e !== event && e.type.endsWith('StateExited')) return '';
  }
  return '';
}

function stateName(event: HistoryEvent): string | undefined {
  return (event.stateEnteredEventDetails as { name?: string } | undefined)?.name;
}

function detailsKeyOf(event: HistoryEvent): string {
  return Object.keys(event).find((k) => k.endsWith('EventDetails')) ?? '';
}
