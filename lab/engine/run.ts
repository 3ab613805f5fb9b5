/** runToCompletion: one execution on a manual lab clock that jumps to the next timer whenever the engine is idle. */
import { LabClock, type Clock } from '../clock';
import { createEngine, eventCount } from './engine';
import { InvalidDefinitionError, type Diagnostic, type Engine, type Execution, type Integration, type IntegrationResolver, type TaskInvocation } from './types';

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
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
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
  return (resource) => table[resource] ?? table[resource.replace(/\.(waitForTaskToken|sync(:\d+)?)$/, '')];
}

const tick = () => new Promise<void>((r) => setImmediate(r));

export async function runToCompletion(definition: string | object, input: unknown, options: RunOptions = {}): Promise<RunResult> {
  const clock = new JumpingClock(new LabClock({ speed: 0, start: options.start ?? '2026-01-01T00:00:00Z' }));
  const base = resolverOf(options.integrations);
  const holder: { engine?: Engine } = {};
  let inFlight = 0;
  /** Counts integration calls in progress, so the clock does not jump while one is still working. */
  const tracked = (integration: Integration): Integration => async (task) => {
    inFlight++;
    try {
      return await integration(task);
    } finally {
      inFlight--;
    }
  };
  const resolver: IntegrationResolver = (resource) => {
    const found = base(resource);
    if (!options.onTaskToken || !/\.waitForTaskToken$/.test(resource)) return found && tracked(found);
    return tracked(async (task) => {
      const response = found ? await found(task) : {};
      await options.onTaskToken!(task.taskToken!, holder.engine!, task);
      return response;
    });
  };
  const engine = createEngine({ clock, integrations: resolver });
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
  let finished = false;
  void execution.done.then(() => (finished = true));
  const count = eventCount.get(execution)!;
  while (!finished) {
    let quiet = 0;
    let seen = count();
    let patience = 0;
    // Idle = three quiet turns of the event loop with no integration call working; a call that never
    // returns (a test's hung task) is given ~100 ms of real time before lab time moves on.
    while (!finished && (quiet < 3 || (inFlight > 0 && patience < 20))) {
      if (inFlight > 0 && quiet >= 3) {
        patience++;
        await new Promise((r) => setTimeout(r, 5));
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
  if (execution.status === 'SUCCEEDED') return { status: 'SUCCEEDED', output: execution.output, execution };
  return { status: execution.status as 'FAILED', error: execution.error ?? '', cause: execution.cause ?? '', execution };
}
