/**
 * The sweeper's decisions, as a pure function: what is left behind by calls that ended without cleaning up
 * (a crashed router, a lost HANGUP, an execution that never started), and what to do about it.
 */

export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** A call queue, with the execution of the same name if one exists. */
export interface QueueSeen {
  readonly url: string;
  /** `call-<TransactionId>`, also the execution's name. */
  readonly name: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly execution: { readonly arn: string; readonly status: ExecutionStatus } | 'missing';
}

/** A running execution of one of our call flows. */
export interface RunningExecution {
  readonly arn: string;
  readonly name: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

export interface SweepSettings {
  /** Leave anything younger than this alone: a call may be starting. */
  readonly sweepAfterMs: number;
  /** A call running longer than this is treated as stuck. */
  readonly maxCallMs: number;
}

export interface SweepPlan {
  readonly deleteQueues: readonly { readonly url: string; readonly reason: string }[];
  readonly stopExecutions: readonly { readonly arn: string; readonly reason: string }[];
}

export const SWEEP_REASON = {
  orphanQueue: 'queue has no execution (the execution never started)',
  endedExecution: 'queue outlived its execution (the call ended without cleaning up)',
  stuckCall: 'call ran longer than the longest call allowed',
  queueGone: 'execution still running although its call queue is gone (the call has ended)',
} as const;

export function planSweep(
  now: number,
  queues: readonly QueueSeen[],
  running: readonly RunningExecution[],
  settings: SweepSettings,
): SweepPlan {
  const deleteQueues: { url: string; reason: string }[] = [];
  const stops = new Map<string, string>();
  const queueNames = new Set(queues.map((q) => q.name));

  for (const queue of queues) {
    const age = now - queue.createdAt;
    if (age < settings.sweepAfterMs) continue;
    if (queue.execution === 'missing') {
      deleteQueues.push({ url: queue.url, reason: SWEEP_REASON.orphanQueue });
    } else if (queue.execution.status !== 'RUNNING') {
      deleteQueues.push({ url: queue.url, reason: SWEEP_REASON.endedExecution });
    } else if (age >= settings.maxCallMs) {
      deleteQueues.push({ url: queue.url, reason: SWEEP_REASON.stuckCall });
      stops.set(queue.execution.arn, SWEEP_REASON.stuckCall);
    }
  }

  for (const execution of running) {
    if (stops.has(execution.arn)) continue;
    const age = now - execution.startedAt;
    if (age >= settings.maxCallMs) stops.set(execution.arn, SWEEP_REASON.stuckCall);
    else if (age >= settings.sweepAfterMs && !queueNames.has(execution.name)) {
      stops.set(execution.arn, SWEEP_REASON.queueGone);
    }
  }

  return { deleteQueues, stopExecutions: [...stops].map(([arn, reason]) => ({ arn, reason })) };
}

/** `arn:…:stateMachine:sm` + `call-1` → `arn:…:execution:sm:call-1`. */
export function executionArn(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Reads the sweeper's environment once; a bad value says which variable and why. */
export function readSweeperEnv(env: Record<string, string | undefined>): {
  stateMachineArns: string[];
  settings: SweepSettings;
} {
  let stateMachineArns: unknown;
  try {
    stateMachineArns = JSON.parse(env.STATE_MACHINE_ARNS ?? '');
  } catch {
    throw new Error('STATE_MACHINE_ARNS must be a JSON array of state machine ARNs');
  }
  if (
    !Array.isArray(stateMachineArns) ||
    !stateMachineArns.every((a) => typeof a === 'string' && a.includes(':stateMachine:'))
  ) {
    throw new Error('STATE_MACHINE_ARNS must be a JSON array of state machine ARNs');
  }
  const minutes = (key: string, fallback: number) => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback * 60_000;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`${key} must be a number of minutes above 0, got "${raw}"`);
    return n * 60_000;
  };
  const settings = {
    sweepAfterMs: minutes('SWEEP_AFTER_MINUTES', 15),
    maxCallMs: minutes('MAX_CALL_MINUTES', 240),
  };
  if (settings.maxCallMs < settings.sweepAfterMs) {
    throw new Error('MAX_CALL_MINUTES must not be below SWEEP_AFTER_MINUTES');
  }
  return { stateMachineArns: stateMachineArns as string[], settings };
}
