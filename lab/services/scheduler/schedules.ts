/**
 * The scheduler's state: schedule groups and schedules, and the timers that run them on the lab clock.
 * Each operation returns a result or a named error; the HTTP shell in provider.ts turns those into replies.
 */
import type { Clock } from '../../clock';
import type { SchedulerErrorName } from './errors';
import { mayRetry, nextRunAt, retryDelayMs } from './timing';
import type { ScheduleDefinition } from './validate';

export type Invoke = (targetArn: string, input: string) => Promise<void>;

export interface ScheduleGroup {
  name: string;
  arn: string;
  created: number;
  modified: number;
}

export interface Schedule {
  name: string;
  arn: string;
  def: ScheduleDefinition;
  created: number;
  modified: number;
  /** Lab time of the next invocation (or retry), if any. */
  nextRunAt?: number;
  runs: number;
  lastError?: string;
}

/** What the lab UI shows about a schedule. */
export interface ScheduleView {
  group: string;
  name: string;
  expression: string;
  timezone?: string;
  state: 'ENABLED' | 'DISABLED';
  targetArn: string;
  actionAfterCompletion: 'NONE' | 'DELETE';
  /** ISO time of the next invocation, if one is due. */
  nextRunAt?: string;
  /** Successful invocations so far. */
  runs: number;
  lastError?: string;
}

export type Outcome<T> = { ok: T } | { error: SchedulerErrorName; message: string };

export interface ScheduleBook {
  createGroup(name: string, arn: string): Outcome<ScheduleGroup>;
  group(name: string): Outcome<ScheduleGroup>;
  deleteGroup(name: string): Outcome<void>;
  groups(): ScheduleGroup[];
  create(name: string, arn: string, def: ScheduleDefinition): Outcome<Schedule>;
  update(name: string, def: ScheduleDefinition): Outcome<Schedule>;
  get(name: string, group: string): Outcome<Schedule>;
  delete(name: string, group: string): Outcome<void>;
  list(): Schedule[];
  views(): ScheduleView[];
  close(): void;
}

interface Entry extends Schedule {
  cancel?: () => void;
}

/** Input when the target has none. UNCONFIRMED: what AWS delivers to a Lambda target without Input. */
const DEFAULT_INPUT = '{}';

export function createScheduleBook(options: {
  clock: Clock;
  invoke: Invoke;
  defaultGroupArn: string;
  log?: (message: string, fields: Record<string, unknown>) => void;
}): ScheduleBook {
  const { clock, invoke } = options;
  const log = options.log ?? (() => undefined);
  const groups = new Map<string, ScheduleGroup>();
  const schedules = new Map<string, Entry>();
  const key = (group: string, name: string) => `${group}/${name}`;
  const notFound = (name: string) => ({
    error: 'ResourceNotFoundException' as const,
    message: `Schedule ${name} does not exist.`,
  });
  const groupNotFound = (name: string) => ({
    error: 'ResourceNotFoundException' as const,
    message: `Schedule group ${name} does not exist.`,
  });
  const created = clock.now();
  groups.set('default', { name: 'default', arn: options.defaultGroupArn, created, modified: created });

  function stop(entry: Entry) {
    entry.cancel?.();
    entry.cancel = undefined;
    entry.nextRunAt = undefined;
  }

  let closed = false;

  function arm(entry: Entry, previous?: number) {
    stop(entry);
    if (closed) return;
    const due = nextRunAt(entry.def, entry.created, clock.now(), previous);
    if (due === undefined) return finish(entry, previous !== undefined);
    entry.nextRunAt = due;
    entry.cancel = clock.setTimer(due - clock.now(), () => attempt(entry, due, 0));
  }

  function attempt(entry: Entry, scheduledAt: number, retry: number) {
    entry.cancel = undefined;
    entry.nextRunAt = undefined;
    const { Arn, Input } = entry.def.wire.Target;
    Promise.resolve()
      .then(() => invoke(Arn, Input ?? DEFAULT_INPUT))
      .then(
        () => {
          if (!isCurrent(entry)) return;
          entry.runs++;
          entry.lastError = undefined;
          log('schedule invoked its target', {
            schedule: entry.name,
            group: entry.def.groupName,
            target: Arn,
          });
          arm(entry, scheduledAt);
        },
        (err: unknown) => {
          if (!isCurrent(entry)) return;
          entry.lastError = err instanceof Error ? err.message : String(err);
          const delay = retryDelayMs(retry + 1);
          if (!closed && mayRetry(entry.def, retry + 1, scheduledAt, clock.now() + delay)) {
            log('schedule target failed; retrying', {
              schedule: entry.name,
              retry: retry + 1,
              error: entry.lastError,
            });
            entry.nextRunAt = clock.now() + delay;
            entry.cancel = clock.setTimer(delay, () => attempt(entry, scheduledAt, retry + 1));
          } else {
            log('schedule target failed; giving up', {
              schedule: entry.name,
              attempts: retry + 1,
              error: entry.lastError,
            });
            arm(entry, scheduledAt);
          }
        },
      );
  }

  /** After the last run: ActionAfterCompletion DELETE removes the schedule. */
  function finish(entry: Entry, ran: boolean) {
    if (ran && entry.def.wire.ActionAfterCompletion === 'DELETE') {
      schedules.delete(key(entry.def.groupName, entry.name));
      log('schedule completed and deleted itself', { schedule: entry.name, group: entry.def.groupName });
    }
  }

  const isCurrent = (entry: Entry) => schedules.get(key(entry.def.groupName, entry.name)) === entry;

  return {
    createGroup(name, arn) {
      if (groups.has(name))
        return { error: 'ConflictException', message: `Schedule group ${name} already exists.` };
      const now = clock.now();
      const group = { name, arn, created: now, modified: now };
      groups.set(name, group);
      return { ok: group };
    },
    group(name) {
      const group = groups.get(name);
      return group ? { ok: group } : groupNotFound(name);
    },
    deleteGroup(name) {
      if (name === 'default')
        return { error: 'ValidationException', message: 'The default schedule group cannot be deleted.' };
      if (!groups.delete(name)) return groupNotFound(name);
      for (const entry of [...schedules.values()].filter((e) => e.def.groupName === name)) {
        stop(entry);
        schedules.delete(key(name, entry.name));
      }
      return { ok: undefined };
    },
    groups: () => [...groups.values()],
    create(name, arn, def) {
      if (!groups.has(def.groupName)) return groupNotFound(def.groupName);
      if (schedules.has(key(def.groupName, name)))
        return { error: 'ConflictException', message: `Schedule ${name} already exists.` };
      const now = clock.now();
      const entry: Entry = { name, arn, def, created: now, modified: now, runs: 0 };
      schedules.set(key(def.groupName, name), entry);
      arm(entry);
      return { ok: entry };
    },
    update(name, def) {
      if (!groups.has(def.groupName)) return groupNotFound(def.groupName);
      const old = schedules.get(key(def.groupName, name));
      if (!old) return notFound(name);
      stop(old);
      const entry: Entry = { ...old, def, modified: clock.now(), cancel: undefined };
      schedules.set(key(def.groupName, name), entry);
      arm(entry);
      return { ok: entry };
    },
    get(name, group) {
      const entry = schedules.get(key(group, name));
      return entry ? { ok: entry } : notFound(name);
    },
    delete(name, group) {
      const entry = schedules.get(key(group, name));
      if (!entry) return notFound(name);
      stop(entry);
      schedules.delete(key(group, name));
      return { ok: undefined };
    },
    list: () => [...schedules.values()],
    views: () =>
      [...schedules.values()].map((e) => ({
        group: e.def.groupName,
        name: e.name,
        expression: e.def.wire.ScheduleExpression,
        ...(e.def.wire.ScheduleExpressionTimezone ? { timezone: e.def.wire.ScheduleExpressionTimezone } : {}),
        state: e.def.wire.State,
        targetArn: e.def.wire.Target.Arn,
        actionAfterCompletion: e.def.wire.ActionAfterCompletion,
        ...(e.nextRunAt !== undefined ? { nextRunAt: new Date(e.nextRunAt).toISOString() } : {}),
        runs: e.runs,
        ...(e.lastError ? { lastError: e.lastError } : {}),
      })),
    close() {
      closed = true;
      for (const entry of schedules.values()) stop(entry);
    },
  };
}
