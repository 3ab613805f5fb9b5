/** When a schedule runs next and how its retries are spaced. Pure. */
import { nextCronRun } from './cron';
import type { ScheduleDefinition } from './validate';

/**
 * The next time a schedule invokes its target, after a run scheduled at `previous` (or for the first time
 * when `previous` is undefined), or undefined when it will not run (again) in the lab.
 *
 * - `at(...)` runs once. UNCONFIRMED what AWS does with a time already past at creation; the lab runs it at once.
 * - `rate(...)` runs every period from StartDate (or its creation), never after EndDate, and skips runs missed
 *   while the lab clock jumped.
 * - `cron(...)` runs at its matching minutes in its time zone (`L`, `W` and `#` are accepted but not run).
 * - A FLEXIBLE window runs at its start (AWS picks a time within it; the lab is deterministic).
 */
export function nextRunAt(
  def: ScheduleDefinition,
  createdAt: number,
  now: number,
  previous?: number,
): number | undefined {
  if (def.wire.State === 'DISABLED') return undefined;
  const { expression } = def;
  if (expression.kind === 'at') return previous === undefined ? expression.at : undefined;
  const start = def.wire.StartDate !== undefined ? def.wire.StartDate * 1000 : createdAt;
  const end = def.wire.EndDate !== undefined ? def.wire.EndDate * 1000 : Infinity;
  if (expression.kind === 'cron') {
    const next = nextCronRun(
      expression.fields,
      Math.max(now - 1, start - 1, previous ?? -Infinity),
      def.wire.ScheduleExpressionTimezone,
    );
    return next !== undefined && next <= end ? next : undefined;
  }
  const from = previous ?? start;
  let next = from + expression.everyMs;
  if (next <= now) next += Math.ceil((now - next + 1) / expression.everyMs) * expression.everyMs;
  return next <= end ? next : undefined;
}

/**
 * The wait before retry number `retry` (1, 2, …) of a failed invocation: exponential from 1 s, capped at
 * 60 s. AWS documents exponential back-off with jitter but not its constants; the lab uses no jitter.
 */
export function retryDelayMs(retry: number): number {
  return Math.min(60_000, 1000 * 2 ** (retry - 1));
}

/** Whether another attempt is allowed by the target's RetryPolicy. */
export function mayRetry(
  def: ScheduleDefinition,
  retry: number,
  scheduledAt: number,
  attemptAt: number,
): boolean {
  return (
    retry <= def.retry.maximumRetryAttempts &&
    attemptAt - scheduledAt <= def.retry.maximumEventAgeInSeconds * 1000
  );
}
