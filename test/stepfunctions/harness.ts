/**
 * A Step Functions API on the real engine with a manual lab clock, served on port 0 and driven through
 * `@aws-sdk/client-sfn` — what any user of the lab does.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { LabClock } from '../../lab/clock';
import { createEngine } from '../../lab/engine';
import type { Execution, IntegrationResolver } from '../../lab/engine';
import {
  createStepFunctionsService,
  serveStepFunctions,
  type StepFunctionsService,
} from '../../lab/stepfunctions';

export const ROLE = 'arn:aws:iam::000000000000:role/lab';

export interface Lab {
  sfn: SFNClient;
  service: StepFunctionsService;
  clock: LabClock;
  url: string;
  /** Resolves when the execution has ended. */
  settled(executionArn: string): Promise<Execution>;
  /** Lets the engine run until nothing moves (no timers are fired). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startLab(
  options: { integrations?: IntegrationResolver; substitutions?: Record<string, string> } = {},
): Promise<Lab> {
  const clock = new LabClock({ speed: 0, start: '2026-11-23T15:00:00Z' });
  const integrations = options.integrations ?? (() => undefined);
  const engine = createEngine({ clock, integrations });
  const service = createStepFunctionsService({
    engine,
    clock,
    substitutions: options.substitutions,
    integrations,
  });
  const server = await serveStepFunctions(service);
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'lab', secretAccessKey: 'lab' },
    maxAttempts: 1,
  });
  return {
    sfn,
    service,
    clock,
    url: server.url,
    settled: (arn) => {
      const execution = service.executions().find((e) => e.executionArn === arn);
      if (!execution) throw new Error(`no execution ${arn}`);
      return execution.done;
    },
    idle: async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    },
    close: async () => {
      sfn.destroy();
      await server.close();
    },
  };
}

/** A Task that waits for a task token through a test integration that records the tokens it is given. */
export function tokenCatcher(): { tokens: string[]; integrations: IntegrationResolver } {
  const tokens: string[] = [];
  return {
    tokens,
    integrations: (resource) =>
      resource.startsWith('arn:aws:states:::sqs:sendMessage')
        ? async (task) => {
            if (task.taskToken) tokens.push(task.taskToken);
            return { MessageId: `m-${tokens.length}`, MD5OfMessageBody: '0'.repeat(32) };
          }
        : undefined,
  };
}

export const waitForToken = (extra: object = {}) =>
  JSON.stringify({
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', MessageBody: { 'Token.$': '$$.Task.Token' } },
        End: true,
        ...extra,
      },
    },
  });

export const passThrough = JSON.stringify({
  StartAt: 'Hello',
  States: { Hello: { Type: 'Pass', Result: { said: 'hello' }, ResultPath: '$.greeting', End: true } },
});
