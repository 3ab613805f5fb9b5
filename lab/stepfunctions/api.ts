/**
 * The Step Functions API over the lab's engine: the operations of the AWS JSON 1.0 protocol
 * (`X-Amz-Target: AWSStepFunctions.<Operation>`), answered the way AWS answers them, so
 * `@aws-sdk/client-sfn` and `aws stepfunctions --endpoint-url …` work unchanged.
 *
 * `handle` knows nothing of HTTP: the lab's edge (service `states`) or `serveStepFunctions` carry it.
 */
import { restoreInto, snapshotOf, type KeptStepFunctions } from './kept';
import type { Clock } from '../clock';
import {
  createEngine,
  virtualTime,
  type Engine,
  type EngineOptions,
  type Execution,
  type IntegrationResolver,
} from '../engine';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './callbacks';
import { ApiError, apiErrors } from './errors';
import {
  describeExecution,
  describeStateMachineForExecution,
  getExecutionHistory,
  listExecutions,
  startExecution,
  stopExecution,
} from './executions';
import {
  createStateMachine,
  deleteStateMachine,
  listTagsForResource,
  tagResource,
  describeStateMachine,
  listStateMachines,
  updateStateMachine,
  validateStateMachineDefinition,
} from './state-machines';
import {
  childHistory,
  describeChild,
  describeMapRun,
  findMapRunChild,
  listMapRunExecutions,
  listMapRuns,
} from './map-runs';
import type { StateMachine, Store, TestEngine } from './store';
import { testState } from './test-state';

export { serveStepFunctions } from './server';
export type { StateMachine, TestEngine } from './store';

export interface StepFunctionsService {
  engine: Engine;
  /** One API call: `target` is the X-Amz-Target (`AWSStepFunctions.StartExecution`) or just the operation name. */
  handle(target: string, body: unknown): Promise<{ status: number; body: unknown }>;
  stateMachines(): StateMachine[];
  executions(): Execution[];
  /** State machines and executions to keep across a restart (lab time `now`); see kept.ts. */
  snapshot(now: number): KeptStepFunctions;
  /** Puts a snapshot back; what exists already stays as it is. */
  restore(kept: KeptStepFunctions): { stateMachines: number; executions: number };
}

export interface StepFunctionsServiceOptions {
  engine: Engine;
  region?: string;
  accountId?: string;
  /** Applied to every definition, e.g. the lab's `${BucketName}`. */
  substitutions?: Record<string, string>;
  /** Dates of state machines and stops; default real time. */
  clock?: Pick<Clock, 'now'>;
  /** Builds the engine TestState runs a state on (given a mock or the real integrations). Default: the lab's engine on virtual time. */
  testEngine?: (integrations: IntegrationResolver) => TestEngine;
  /** The integrations TestState calls when no mock is given. */
  integrations?: IntegrationResolver;
}

type Operation = (store: Store, body: unknown) => unknown;

const operations: Record<string, Operation> = {
  CreateStateMachine: createStateMachine,
  UpdateStateMachine: updateStateMachine,
  DescribeStateMachine: describeStateMachine,
  ListStateMachines: listStateMachines,
  DeleteStateMachine: deleteStateMachine,
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  ValidateStateMachineDefinition: validateStateMachineDefinition,
  StartExecution: startExecution,
  DescribeExecution: (store, body) => {
    const arn = (body as { executionArn?: unknown } | null)?.executionArn;
    const child = typeof arn === 'string' ? findMapRunChild(store, arn) : undefined;
    return child ? describeChild(child.child, child.mapRunArn) : describeExecution(store, body);
  },
  DescribeStateMachineForExecution: describeStateMachineForExecution,
  StopExecution: stopExecution,
  ListExecutions: (store, body) => {
    const mapRunArn = (body as { mapRunArn?: unknown } | null)?.mapRunArn;
    return typeof mapRunArn === 'string'
      ? listMapRunExecutions(store, body as Record<string, unknown>, mapRunArn)
      : listExecutions(store, body);
  },
  ListMapRuns: listMapRuns,
  DescribeMapRun: describeMapRun,
  GetExecutionHistory: (store, body) => {
    const arn = (body as { executionArn?: unknown } | null)?.executionArn;
    const child = typeof arn === 'string' ? findMapRunChild(store, arn) : undefined;
    return child
      ? childHistory(child.child, body as Record<string, unknown>)
      : getExecutionHistory(store, body);
  },
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
  TestState: testState,
};

export function createStepFunctionsService(options: StepFunctionsServiceOptions): StepFunctionsService {
  const store: Store = {
    engine: options.engine,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    substitutions: options.substitutions ?? {},
    clock: options.clock ?? { now: () => Date.now() },
    testEngine: options.testEngine ?? testEngineOf(createEngine, options.region, options.accountId),
    integrations: options.integrations,
    stateMachines: new Map(),
    executions: new Map(),
    executionNames: new Map(),
  };
  return {
    engine: options.engine,
    async handle(target, body) {
      const name = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : target;
      try {
        const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
        if (!operation) throw apiErrors.unknownOperation(target);
        return { status: 200, body: await operation(store, body) };
      } catch (error) {
        if (error instanceof ApiError)
          return { status: error.status, body: { __type: error.code, message: error.message } };
        const message = error instanceof Error ? error.message : String(error);
        return {
          status: 500,
          body: { __type: 'InternalFailure', message: `${name} failed inside the lab: ${message}` },
        };
      }
    },
    stateMachines: () => [...store.stateMachines.values()],
    executions: () => [...store.executions.values()].map((r) => r.execution),
    snapshot: (now) => snapshotOf(store, now),
    restore: (kept) => restoreInto(store, kept),
  };
}

/** TestState runs for up to five minutes on AWS: a call still working then no longer holds lab time back. */
const TEST_STATE_PATIENCE_MS = 5 * 60_000;

/**
 * A TestState engine factory over any engine constructor, on virtual time: a Wait state, a retry interval
 * or a timeout completes at once, but never while an integration call is still in progress.
 */
export function testEngineOf(
  create: (options: EngineOptions) => Engine,
  region?: string,
  accountId?: string,
): (integrations: IntegrationResolver) => TestEngine {
  return (integrations) => {
    const time = virtualTime(undefined, TEST_STATE_PATIENCE_MS);
    const tracked: IntegrationResolver = (resource) => {
      const found = integrations(resource);
      return found && time.track(found);
    };
    return {
      engine: create({ clock: time.clock, integrations: tracked, region, accountId }),
      drain: time.drive,
    };
  };
}
