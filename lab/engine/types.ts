/**
 * The contract of the lab's ASL engine: what the rest of the lab (the Step Functions API, the service
 * integrations, the conformance suite) may rely on. The engine is pure: it takes a Clock and its
 * integrations; it opens no sockets and starts no real timers.
 */
import type { Clock } from '../clock';

/** A definition-time problem, shaped like ValidateStateMachineDefinition's diagnostics. */
export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  /** e.g. SCHEMA_VALIDATION_FAILED, INVALID_JSON_DESCRIPTION, MISSING_TRANSITION_TARGET, INVALID_JSONATA_EXPRESSION */
  code: string;
  message: string;
  /** JSON pointer into the definition, e.g. `/States/Record Message/Arguments` */
  location?: string;
}

/** An error raised inside a task or state: the `Error` and `Cause` a Catch/Retry sees. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string = '',
  ) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}

/** What a Task integration is given. */
export interface TaskInvocation {
  /** The Resource exactly as written (after substitutions), e.g. `arn:aws:states:::sqs:sendMessage.waitForTaskToken`. */
  resource: string;
  /** The resource without its `.sync` / `.waitForTaskToken` suffix, e.g. `arn:aws:states:::sqs:sendMessage`. */
  baseResource: string;
  pattern: 'request-response' | 'sync' | 'waitForTaskToken';
  /** The evaluated Parameters (JSONPath) or Arguments (JSONata). */
  parameters: unknown;
  /** Present when pattern is waitForTaskToken (also reachable as $$.Task.Token inside parameters). */
  taskToken?: string;
  executionArn: string;
  stateMachineArn: string;
  stateName: string;
  /** Aborted when the state times out, the execution stops, or a branch fails. */
  signal: AbortSignal;
  clock: Clock;
}

/**
 * A service integration. Returns the task's raw result (for waitForTaskToken: the return value is
 * ignored; the result is what SendTaskSuccess delivers). Throws StatesError for a task failure
 * (e.g. new StatesError('DynamoDB.ConditionalCheckFailedException', '...')); anything else thrown
 * becomes States.TaskFailed with the message as Cause.
 */
export type Integration = (task: TaskInvocation) => Promise<unknown>;

/** Finds the integration for a Resource; undefined means the resource is not supported. */
export type IntegrationResolver = (resource: string) => Integration | undefined;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One event of GetExecutionHistory, with AWS's event type names and `<type>EventDetails` keys. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number; // epoch ms, lab clock
  type: string; // ExecutionStarted, TaskStateEntered, TaskScheduled, TaskSubmitted, TaskSucceeded, ...
  [details: string]: unknown; // e.g. stateEnteredEventDetails: { name, input }
}

export interface StartExecutionOptions {
  stateMachineArn: string;
  stateMachineName: string;
  /** The definition as JSON text or a parsed object. Substitutions are applied before validation. */
  definition: string | object;
  substitutions?: Record<string, string>;
  /** Execution name (defaults to a UUID). */
  name?: string;
  input?: unknown;
  roleArn?: string;
}

export interface Execution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly startDate: number;
  readonly input: unknown;
  status: ExecutionStatus;
  stopDate?: number;
  output?: unknown;
  error?: string;
  cause?: string;
  /** The current variables of the top-level scope (the web phone shows them). */
  variables(): Record<string, unknown>;
  /** Names of the states currently running (more than one inside Parallel/Map). */
  currentStates(): string[];
  history(): HistoryEvent[];
  /** The distributed Map runs started by this execution and its child executions (ListMapRuns). */
  mapRuns(): MapRun[];
  /** Resolves when the execution ends, whatever its status. */
  readonly done: Promise<Execution>;
}

export interface EngineOptions {
  clock: Clock;
  integrations: IntegrationResolver;
  /** Used in ARNs the engine makes (execution ARNs). Defaults: us-east-1 / 000000000000. */
  region?: string;
  accountId?: string;
}

/**
 * Errors of the task-token API, named as the Step Functions API names them:
 * InvalidToken (malformed, or never issued) and TaskTimedOut (its task has ended: completed, timed out
 * or stopped). TaskDoesNotExist is for activities, which the lab does not have.
 */
export class TaskTokenError extends Error {
  constructor(
    readonly code: 'InvalidToken' | 'TaskTimedOut',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export interface Engine {
  /** Checks a definition the way ValidateStateMachineDefinition does. Never throws for a bad definition. */
  validate(definition: string | object, substitutions?: Record<string, string>): Diagnostic[];
  /** Starts an execution. Throws InvalidDefinitionError (with the diagnostics) for a bad definition. */
  startExecution(options: StartExecutionOptions): Execution;
  stopExecution(executionArn: string, error?: string, cause?: string): void;
  sendTaskSuccess(taskToken: string, output: unknown): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
}

export class InvalidDefinitionError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'ERROR') ?? diagnostics[0];
    super(
      first
        ? `Invalid State Machine Definition: '${first.code}: ${first.message}${first.location ? ` at ${first.location}` : ''}'`
        : 'Invalid State Machine Definition',
    );
    this.name = 'InvalidDefinition';
  }
}

/** What a distributed Map records about its child workflow executions (ListMapRuns, DescribeMapRun). */
export interface MapRunChild {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  startDate: number;
  input: unknown;
  status: ExecutionStatus | 'PENDING';
  stopDate?: number;
  output?: unknown;
  error?: string;
  cause?: string;
  /** The child's own history (GetExecutionHistory), once it has started. */
  history?: () => HistoryEvent[];
}

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface MapRun {
  mapRunArn: string;
  executionArn: string;
  /** The children's state machine: `<parent machine ARN>/<label>`. */
  stateMachineArn: string;
  startDate: number;
  stopDate?: number;
  status: MapRunStatus;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  /** Items read (a batch of items is one child execution). */
  itemTotal: number;
  /** How many items each child runs (1 without an ItemBatcher). */
  itemsPerChild: number[];
  children: MapRunChild[];
  resultsWritten: number;
}
