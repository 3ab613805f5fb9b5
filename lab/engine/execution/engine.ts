/** The engine: validates definitions, starts executions, routes task-token calls. */
import { randomUUID } from 'node:crypto';
import { iso, runBlock } from './run-block';
import { json } from '../errors';
import { History } from './history';
import type { Run, Thread } from './runtime';
import { Scope } from './scope';
import { MAX_PAYLOAD_BYTES } from './limits';
import { substitute } from '../validation/substitute';
import { TaskFailure, TaskTokens } from './tokens';
import {
  InvalidDefinitionError,
  StatesError,
  type Engine,
  type EngineOptions,
  type Execution,
  type ExecutionStatus,
  type HistoryEvent,
  type StartExecutionOptions,
} from '../types';
import { createValidationCache } from '../validation/cache';

/** Standard workflows run at most one year (then States.Timeout). */
const MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

class Stopped {
  constructor(
    readonly error?: string,
    readonly cause?: string,
  ) {}
}
class ExecutionTimeout {}

/** Number of events so far, without copying the history (runToCompletion polls it). */
export const eventCount = new WeakMap<Execution, () => number>();

export function createEngine(options: EngineOptions): Engine {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const tokens = new TaskTokens();
  const executions = new Map<string, { execution: Execution; stop(error?: string, cause?: string): void }>();
  const check = createValidationCache(options.integrations);

  return {
    validate: (definition, substitutions) => check(substitute(definition, substitutions)).diagnostics,

    startExecution(o: StartExecutionOptions): Execution {
      const checked = check(substitute(o.definition, o.substitutions));
      if (checked.diagnostics.some((d) => d.severity === 'ERROR'))
        throw new InvalidDefinitionError(checked.diagnostics);
      const machine = checked.machine!;
      const name = o.name ?? randomUUID();
      const executionArn = `arn:aws:states:${region}:${accountId}:execution:${o.stateMachineName}:${name}`;
      const input = o.input === undefined ? {} : o.input;
      const clock = options.clock;
      const startDate = clock.now();
      const history = new History(() => clock.now());
      const root = new AbortController();
      const scope = new Scope();
      const run: Run = {
        clock,
        integrations: options.integrations,
        tokens,
        history,
        machine,
        region,
        executionArn,
        stateMachineArn: o.stateMachineArn,
        context: {
          Execution: {
            Id: executionArn,
            Input: input,
            Name: name,
            RoleArn: o.roleArn ?? `arn:aws:iam::${accountId}:role/StepFunctionsLab`,
            StartTime: iso(startDate),
            RedriveCount: 0,
          },
          StateMachine: { Id: o.stateMachineArn, Name: o.stateMachineName },
        },
        running: new Map(),
        mapRuns: [],
      };
      const thread: Thread = { run, scope, cursor: { last: 0 }, signal: root.signal };
      let resolveDone!: (e: Execution) => void;
      const done = new Promise<Execution>((r) => (resolveDone = r));
      const execution: Execution = {
        executionArn,
        name,
        stateMachineArn: o.stateMachineArn,
        startDate,
        input,
        status: 'RUNNING',
        variables: () => scope.local(),
        currentStates: () => [...run.running.keys()],
        mapRuns: () => run.mapRuns,
        history: (): HistoryEvent[] => history.events.map((e) => ({ ...e })),
        done,
      };
      eventCount.set(execution, () => history.events.length);
      history.add(thread.cursor, 'ExecutionStarted', {
        input: json(input),
        inputDetails: { truncated: false },
        roleArn: run.context.Execution.RoleArn,
        stateMachineArn: o.stateMachineArn,
      });
      const cancelTimeout = clock.setTimer((machine.TimeoutSeconds ?? MAX_EXECUTION_SECONDS) * 1000, () =>
        root.abort(new ExecutionTimeout()),
      );

      const finish = (
        status: ExecutionStatus,
        type: string,
        details: Record<string, unknown>,
        fields: Partial<Execution>,
      ) => {
        if (execution.status !== 'RUNNING') return;
        history.add(thread.cursor, type, details);
        history.closed = true;
        Object.assign(execution, fields, { status, stopDate: clock.now() });
        cancelTimeout();
        if (!root.signal.aborted) root.abort(new Stopped('execution ended'));
        executions.get(executionArn)!.stop = () => {};
        resolveDone(execution);
      };
      const onEnd = (reason: unknown) => {
        if (reason instanceof Stopped) {
          const d: Record<string, unknown> = {};
          if (reason.error !== undefined) d.error = reason.error;
          if (reason.cause !== undefined) d.cause = reason.cause;
          finish('ABORTED', 'ExecutionAborted', d, { error: reason.error, cause: reason.cause });
        } else if (reason instanceof ExecutionTimeout) {
          finish(
            'TIMED_OUT',
            'ExecutionTimedOut',
            { error: 'States.Timeout', cause: '' },
            { error: 'States.Timeout', cause: '' },
          );
        } else {
          const err =
            reason instanceof StatesError
              ? reason
              : new StatesError('States.Runtime', String((reason as Error)?.message ?? reason));
          const raw =
            err instanceof TaskFailure
              ? { error: err.rawError, cause: err.rawCause }
              : { error: err.error, cause: err.cause };
          const d: Record<string, unknown> = {};
          if (raw.error !== undefined) d.error = raw.error;
          if (raw.cause !== undefined) d.cause = raw.cause;
          finish('FAILED', 'ExecutionFailed', d, raw);
        }
      };
      root.signal.addEventListener('abort', () => onEnd(root.signal.reason), { once: true });
      executions.set(executionArn, {
        execution,
        stop: (error, cause) => root.abort(new Stopped(error, cause)),
      });
      const inputBytes = Buffer.byteLength(json(input), 'utf8');
      const body =
        inputBytes > MAX_PAYLOAD_BYTES
          ? Promise.reject(
              new StatesError(
                'States.DataLimitExceeded',
                `The execution input has a size of ${inputBytes} bytes, exceeding the maximum of ${MAX_PAYLOAD_BYTES} bytes.`,
              ),
            )
          : runBlock(machine, input, thread);
      void body.then(
        (output) =>
          finish(
            'SUCCEEDED',
            'ExecutionSucceeded',
            { output: json(output), outputDetails: { truncated: false } },
            { output },
          ),
        (e) => onEnd(root.signal.aborted ? root.signal.reason : e),
      );
      return execution;
    },

    stopExecution(executionArn, error, cause) {
      const entry = executions.get(executionArn);
      if (!entry) throw new Error(`Execution Does Not Exist: '${executionArn}'`);
      entry.stop(error, cause);
    },
    sendTaskSuccess: (token, output) => tokens.success(token, output),
    sendTaskFailure: (token, error, cause) => tokens.failure(token, error, cause),
    sendTaskHeartbeat: (token) => tokens.heartbeat(token),
  };
}
