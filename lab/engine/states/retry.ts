/**
 * Retry and Catch (docs/aws/step-functions.md §6): which retrier or catcher handles an error, and what it
 * produces.
 */
import { assignJsonata, assignJsonPath, applyResultPath, bindings } from './dataflow';
import { HeartbeatTimeout, withStatePrefix } from '../errors';
import { evaluateTemplate } from '../query/jsonata';
import { contextObject, queryLanguage, type StateCall, type Step } from '../execution/runtime';
import { TaskFailure } from '../execution/tokens';
import { StatesError } from '../types';

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}
export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: unknown;
}

const isUncatchable = (err: StatesError) => err.error === 'States.Runtime';

/** Does one ErrorEquals name match this error? */
export function nameMatches(name: string, err: StatesError): boolean {
  if (isUncatchable(err)) return false;
  if (name === 'States.ALL') return true;
  if (name === 'States.HeartbeatTimeout') return err instanceof HeartbeatTimeout;
  // States.TaskFailed: any error a task raised, not the interpreter's own States.* errors (UNCONFIRMED matrix).
  if (name === 'States.TaskFailed')
    return !err.error.startsWith('States.') || err.error === 'States.TaskFailed';
  return name === err.error;
}

export const matches = (errorEquals: string[], err: StatesError) =>
  errorEquals.some((n) => nameMatches(n, err));

/**
 * Which retrier retries this error: the first whose ErrorEquals matches decides, and only while it has
 * attempts left (`retried(index)` = retries it has made so far). -1: none (on to the catchers).
 */
export function retrierFor(
  retriers: Retrier[],
  err: StatesError,
  retried: (index: number) => number,
): number {
  const index = retriers.findIndex((r) => matches(r.ErrorEquals, err));
  return index >= 0 && retried(index) < (retriers[index]!.MaxAttempts ?? 3) ? index : -1;
}

/** Seconds to wait before retry number `attempt` (0-based): interval × rate^attempt, capped, jittered. */
export function retryDelaySeconds(r: Retrier, attempt: number, random: () => number = Math.random): number {
  let delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** attempt;
  if (r.MaxDelaySeconds !== undefined) delay = Math.min(delay, r.MaxDelaySeconds);
  if (r.JitterStrategy === 'FULL') delay = random() * delay;
  return delay;
}

export function errorOutput(err: StatesError): { Error: string | null; Cause: string | null } {
  if (err instanceof TaskFailure) return { Error: err.rawError ?? null, Cause: err.rawCause ?? null };
  return { Error: err.error, Cause: err.cause };
}

/**
 * Runs `attempt` under the state's Retry and Catch. `attempt(retryCount)` does one try of the work,
 * post-processing included. States.Runtime is never retried or caught.
 */
export async function withRetryAndCatch(
  c: StateCall,
  attempt: (retryCount: number) => Promise<Step>,
): Promise<Step> {
  const retriers = (c.state.Retry as Retrier[] | undefined) ?? [];
  const counts = retriers.map(() => 0);
  for (let retryCount = 0; ; retryCount++) {
    try {
      return await attempt(retryCount);
    } catch (raw) {
      if (c.t.signal.aborted) throw raw;
      const prefixed = withStatePrefix(raw, c.name, c.entered);
      if (!(prefixed instanceof StatesError)) throw prefixed;
      const err = prefixed;
      const index = retrierFor(retriers, err, (i) => counts[i]!);
      if (index >= 0) {
        const seconds = retryDelaySeconds(retriers[index]!, counts[index]!);
        counts[index]!++;
        await c.t.run.clock.sleep(Math.round(seconds * 1000), c.t.signal);
        continue;
      }
      const caught = await tryCatch(c, err);
      if (caught) return caught;
      throw err;
    }
  }
}

async function tryCatch(c: StateCall, err: StatesError): Promise<Step | undefined> {
  const catchers = (c.state.Catch as Catcher[] | undefined) ?? [];
  const index = catchers.findIndex((k) => matches(k.ErrorEquals, err));
  if (index < 0) return undefined;
  const catcher = catchers[index]!;
  const out = errorOutput(err);
  try {
    if (queryLanguage(c) === 'JSONata') {
      const b = bindings(c, { input: c.input, context: contextObject(c), errorOutput: out });
      const output =
        catcher.Output === undefined
          ? out
          : await evaluateTemplate(catcher.Output, `Catch[${index}]/Output`, b);
      const assigned = await assignJsonata(catcher.Assign, b, `Catch[${index}]/Assign`);
      return { output, next: catcher.Next, assigned };
    }
    const src = { input: out, context: contextObject(c), scope: c.t.scope };
    const assigned = assignJsonPath(catcher.Assign, src);
    const path = catcher.ResultPath === undefined ? '$' : catcher.ResultPath;
    return { output: applyResultPath({ ResultPath: path }, c.input, out), next: catcher.Next, assigned };
  } catch (e) {
    throw withStatePrefix(e, c.name, c.entered);
  }
}
