/** runToCompletion: one execution on a manual lab clock that jumps to the next timer whenever the engine is idle (virtualTime, shared with TestState). */
import { LabClock, sleepOn, type Clock } from '../../clock';
import { createEngine, eventCount } from './engine';
import {
  InvalidDefinitionError,
  type Diagnostic,
  type Engine,
  type Execution,
  type Integration,
  type IntegrationResolver,
  type TaskInvocation,
} from '../types';

export type RunResult =
  | { status: 'SUCCEEDED'; output: unknown; execution: Execution }
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error: string; cause: string; execution: Execution }
  | { status: 'INVALID'; diagnostics: Diagnostic[] };

export interface RunOptions {
  integrations?: IntegrationResolver | Record<string, Integration>;
  substitutions?: Record<string, string>;
  onTaskToken?: (token: string, engine: Engine, task: TaskInvocation) => void | Promise<void>;
  start?: number | string;
  name?: string;
}

/** A clock that remembers its timers' due times, so the runner knows where to jump. */
class JumpingClock implements Clock {
  private readonly due = new Map<number, number>();
  private id = 0;
  constructor(readonly lab: LabClock) {}
  now = () => this.lab.now();
  setTimer(ms: number, fn: () => void): () => void {
    const id = ++this.id;
    this.due.set(id, this.lab.now() + Math.max(0, ms));
    const cancel = this.lab.setTimer(ms, () => {
      this.due.delete(id);
      fn();
    });
    return () => {
      this.due.delete(id);
      cancel();
    };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
  next(): number | undefined {
    let min: number | undefined;
    for (const d of this.due.values()) if (min === undefined || d < min) min = d;
    return min;
  }
}

function resolverOf(integrations: RunOptions['integrations']): IntegrationResolver {
  if (typeof integrations === 'function') return integrations;
  const table = integrations ?? {};
  // a base resource serves its .waitForTaskToken form (the engine adds the waiting); a .sync form must be registered itself
  return (resource) => table[resource] ?? table[resource.replace(/\.waitForTaskToken$/, '')];
}

const tick = () => new Promise<void>((r) => setImmediate(r));
const POLL_MS = 5;

export interface VirtualTime {
  clock: Clock;
  /** The integration, counted while a call of it is in progress. */
  track(integration: Integration): Integration;
  /** Runs the execution to its end, jumping the clock to the next timer whenever the engine is idle. */
  drive(execution: Execution): Promise<void>;
}

/**
 * Virtual time for one engine. Idle = three quiet turns of the event loop with no integration call working;
 * a call still working after `patienceMs` of real time (a hung call) no longer holds lab time back.
 */
export function virtualTime(start: number | string | undefined, patienceMs: number): VirtualTime {
  const clock = new JumpingClock(new LabClock({ speed: 0, start }));
  let inFlight = 0;
  return {
    clock,
    track: (integration) => async (task) => {
      inFlight++;
      try {
        return await integration(task);
      } finally {
        inFlight--;
      }
    },
    async drive(execution) {
      let finished = false;
      void execution.done.then(() => (finished = true));
      const count = eventCount.get(execution) ?? (() => execution.history().length);
      while (!finished) {
        let quiet = 0;
        let seen = count();
        let waited = 0;
        while (!finished && (quiet < 3 || (inFlight > 0 && waited < patienceMs))) {
          if (inFlight > 0 && quiet >= 3) {
            waited += POLL_MS;
            await new Promise((r) => setTimeout(r, POLL_MS));
          } else await tick();
          const n = count();
          quiet = n === seen ? quiet + 1 : 0;
          seen = n;
        }
        if (finished) break;
        const next = clock.next();
        if (next === undefined) break;
        await clock.lab.jumpTo(Math.max(next, clock.now()));
      }
      await execution.done;
    },
  };
}

export async function runToCompletion(
  definition: string | object,
  input: unknown,
  options: RunOptions = {},
): Promise<RunResult> {
  // a call that never returns (a test's hung task) is given ~100 ms of real time before lab time moves on
  const time = virtualTime(options.start ?? '2026-01-01T00:00:00Z', 100);
  const base = resolverOf(options.integrations);
  const holder: { engine?: Engine } = {};
  const resolver: IntegrationResolver = (resource) => {
    const found = base(resource);
    if (!options.onTaskToken || !/\.waitForTaskToken$/.test(resource)) return found && time.track(found);
    return time.track(async (task) => {
      const response = found ? await found(task) : {};
      await options.onTaskToken!(task.taskToken!, holder.engine!, task);
      return response;
    });
  };
  const engine = createEngine({ clock: time.clock, integrations: resolver });
  holder.engine = engine;
  let execution: Execution;
  try {
    execution = engine.startExecution({
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:lab',
      stateMachineName: 'lab',
      definition,
      substitutions: options.substitutions,
      input,
      name: options.name,
    });
  } catch (e) {
    if (e instanceof InvalidDefinitionError) return { status: 'INVALID', diagnostics: e.diagnostics };
    throw e;
  }
  await time.drive(execution);
  if (execution.status === 'SUCCEEDED') return { status: 'SUCCEEDED', output: execution.output, execution };
  return {
    status: execution.status as 'FAILED',
    error: execution.error ?? '',
    cause: execution.cause ?? '',
    execution,
  };
}
