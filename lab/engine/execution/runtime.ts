/** What a running state sees: its execution, its scope, its history cursor, its abort signal. */
import type { Clock } from '../../clock';
import type { History, Cursor } from './history';
import type { MapRun } from '../types';
import type { Scope } from './scope';
import type { TaskTokens } from './tokens';
import type { IntegrationResolver } from '../types';

export type StateDef = Record<string, unknown> & { Type: string };
export interface StatesBlock {
  StartAt: string;
  States: Record<string, StateDef>;
}
export interface Machine extends StatesBlock {
  QueryLanguage?: 'JSONPath' | 'JSONata';
  TimeoutSeconds?: number;
  Comment?: string;
  Version?: string;
}

export interface Run {
  clock: Clock;
  integrations: IntegrationResolver;
  tokens: TaskTokens;
  history: History;
  machine: Machine;
  region: string;
  executionArn: string;
  stateMachineArn: string;
  /** Context object fields fixed for the whole execution: Execution, StateMachine. */
  context: { Execution: Record<string, unknown>; StateMachine: Record<string, unknown> };
  running: Map<string, number>;
  /** The distributed Map runs of this execution and of its child executions. */
  mapRuns: MapRun[];
}

export interface Thread {
  run: Run;
  scope: Scope;
  cursor: Cursor;
  signal: AbortSignal;
}

/** A state's outcome: its output, the next state (undefined = end), and the variables it assigns. */
export interface Step {
  output: unknown;
  next: string | undefined;
  assigned?: Record<string, unknown>;
}

/** Runs a States block from StartAt to its end (run-block.ts); given to states that run nested blocks. */
export type RunBlock = (block: StatesBlock, input: unknown, t: Thread) => Promise<unknown>;

export interface StateCall {
  state: StateDef;
  name: string;
  input: unknown;
  t: Thread;
  entered: number;
  /** Lab time the state was entered, epoch ms (`$$.State.EnteredTime`). */
  enteredAt: number;
  /** How Parallel and Map run their branches and item processors: as the execution runs its own block. */
  runBlock: RunBlock;
}

export const queryLanguage = (c: StateCall): 'JSONPath' | 'JSONata' =>
  (c.state.QueryLanguage as 'JSONPath' | 'JSONata' | undefined) ??
  c.t.run.machine.QueryLanguage ??
  'JSONPath';

/** The context object (`$$` / `$states.context`), built on first read: most states never read it. */
export type ContextSource = () => Record<string, unknown>;

export function contextObject(
  c: StateCall,
  extra: Record<string, unknown> = {},
  retryCount?: number,
): ContextSource {
  let built: Record<string, unknown> | undefined;
  return () => {
    if (built) return built;
    const State: Record<string, unknown> = { EnteredTime: new Date(c.enteredAt).toISOString(), Name: c.name };
    if (retryCount !== undefined) State.RetryCount = retryCount;
    return (built = { ...c.t.run.context, State, ...extra });
  };
}

/** The same context object with more fields (a Map iteration's `Map.Item`), also built on first read. */
export function extendContext(context: ContextSource, extra: Record<string, unknown>): ContextSource {
  let built: Record<string, unknown> | undefined;
  return () => (built ??= { ...context(), ...extra });
}

export const nextOf = (state: StateDef): string | undefined =>
  state.End === true ? undefined : (state.Next as string | undefined);
