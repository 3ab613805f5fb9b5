/** What the Step Functions API keeps: its state machines and the executions it started. */
import type { Clock } from '../clock';
import type { Engine, Execution, IntegrationResolver } from '../engine';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachine {
  stateMachineArn: string;
  name: string;
  /** The definition exactly as given (substitutions are applied when an execution starts). */
  definition: string;
  roleArn: string;
  type: StateMachineType;
  description?: string;
  /** Epoch ms, lab clock. */
  creationDate: number;
  updateDate?: number;
  revisionId: string;
  /** Resource tags (CreateStateMachine `tags`, TagResource). */
  tags?: { key: string; value: string }[];
}

export interface ExecutionRecord {
  execution: Execution;
  /** The input text as given to StartExecution, for DescribeExecution and the idempotency check. */
  inputText: string;
  /** Canonical JSON of the input (key order as parsed), for comparing inputs. */
  inputKey: string;
}

export interface Store {
  readonly engine: Engine;
  readonly region: string;
  readonly accountId: string;
  readonly substitutions: Record<string, string>;
  readonly clock: Pick<Clock, 'now'>;
  /** Makes an engine for TestState (a mock or real integrations, a virtual clock). */
  readonly testEngine?: (integrations: IntegrationResolver) => TestEngine;
  /** The integrations TestState uses when no mock is given. */
  readonly integrations?: IntegrationResolver;
  readonly stateMachines: Map<string, StateMachine>;
  /** By execution ARN, in start order. */
  readonly executions: Map<string, ExecutionRecord>;
  /** `<stateMachineArn>\n<name>` → execution ARN (names stay taken, as on AWS for 90 days). */
  readonly executionNames: Map<string, string>;
}

/** An engine for one TestState call plus the means to run its virtual clock forward. */
export interface TestEngine {
  engine: Engine;
  /** Runs the execution to its end, moving the engine's clock forward whenever it is idle (Wait states complete at once). */
  drain(execution: Execution): Promise<void>;
}
