/**
 * The sweeper: on a schedule, finds call queues and workflow executions that calls left behind and removes them.
 * This file is the I/O shell; every decision is in `plan.ts`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  executionArn,
  planSweep,
  readSweeperEnv,
  type ExecutionStatus,
  type QueueSeen,
  type RunningExecution,
  type SweepPlan,
  type SweepSettings,
} from './plan';

export const CALL_QUEUE_PREFIX = 'call-';

export interface SweeperDeps {
  readonly sqs: SQSClient;
  readonly sfn: SFNClient;
  readonly stateMachineArns: readonly string[];
  readonly settings: SweepSettings;
  readonly now?: () => number;
  /** The clock SQS's CreatedTimestamp is on, when it is not `now`'s (the lab's SQS keeps real time while its
   *  executions run on the lab clock); queue times are moved onto `now`'s clock. */
  readonly queueClock?: () => number;
  readonly logger?: Logger;
}

export interface SweepResult {
  readonly queuesSeen: number;
  readonly runningSeen: number;
  readonly queuesDeleted: number;
  readonly executionsStopped: number;
}

/** A sweeper with its clients and settings given explicitly (the lab and tests build it this way). */
export function createSweeper(deps: SweeperDeps): () => Promise<SweepResult> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? new Logger({ serviceName: 'sweeper' });
  return async () => {
    const shift = deps.queueClock ? now() - deps.queueClock() : 0;
    const queues = (await seeQueues(deps)).map((q) => ({ ...q, createdAt: q.createdAt + shift }));
    const running = await seeRunning(deps);
    const plan = planSweep(now(), queues, running, deps.settings);
    await carryOut(deps, plan, logger);
    return {
      queuesSeen: queues.length,
      runningSeen: running.length,
      queuesDeleted: plan.deleteQueues.length,
      executionsStopped: plan.stopExecutions.length,
    };
  };
}

async function seeQueues(deps: SweeperDeps): Promise<QueueSeen[]> {
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await deps.sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: CALL_QUEUE_PREFIX, MaxResults: 1000, NextToken }),
    );
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken);

  const seen: QueueSeen[] = [];
  for (const url of urls) {
    const name = url.slice(url.lastIndexOf('/') + 1);
    try {
      const { Attributes } = await deps.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['CreatedTimestamp'] }),
      );
      const { Tags = {} } = await deps.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
      // The router tags each queue with its state machine; without the tag, look in every call flow.
      const tagged = deps.stateMachineArns.filter((arn) => Object.values(Tags).includes(arn));
      const candidates = tagged.length > 0 ? tagged : deps.stateMachineArns;
      seen.push({
        url,
        name,
        createdAt: Number(Attributes?.CreatedTimestamp ?? '0') * 1000,
        execution: await findExecution(deps.sfn, candidates, name),
      });
    } catch (error) {
      // Deleted by the router while we looked: nothing to sweep.
      if (
        (error as Error).name === 'QueueDoesNotExist' ||
        (error as Error).name === 'AWS.SimpleQueueService.NonExistentQueue'
      )
        continue;
      throw error;
    }
  }
  return seen;
}

async function findExecution(
  sfn: SFNClient,
  stateMachineArns: readonly string[],
  name: string,
): Promise<QueueSeen['execution']> {
  for (const stateMachineArn of stateMachineArns) {
    const arn = executionArn(stateMachineArn, name);
    try {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return { arn, status: (status ?? 'RUNNING') as ExecutionStatus };
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
  return 'missing';
}

async function seeRunning(deps: SweeperDeps): Promise<RunningExecution[]> {
  const running: RunningExecution[] = [];
  for (const stateMachineArn of deps.stateMachineArns) {
    let nextToken: string | undefined;
    do {
      const page = await deps.sfn.send(
        new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000, nextToken }),
      );
      for (const e of page.executions ?? []) {
        if (e.executionArn && e.name?.startsWith(CALL_QUEUE_PREFIX)) {
          running.push({
            arn: e.executionArn,
            name: e.name,
            startedAt: e.startDate?.getTime() ?? Date.now(),
          });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return running;
}

async function carryOut(deps: SweeperDeps, plan: SweepPlan, logger: Logger): Promise<void> {
  for (const { arn, reason } of plan.stopExecutions) {
    try {
      await deps.sfn.send(
        new StopExecutionCommand({ executionArn: arn, error: 'Sweeper.CallAbandoned', cause: reason }),
      );
      logger.info('stopped execution', { executionArn: arn, reason });
    } catch (error) {
      logger.warn('could not stop execution', { executionArn: arn, error: (error as Error).name });
    }
  }
  for (const { url, reason } of plan.deleteQueues) {
    try {
      await deps.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      logger.info('deleted call queue', { queue: url.slice(url.lastIndexOf('/') + 1), reason });
    } catch (error) {
      logger.warn('could not delete call queue', {
        queue: url.slice(url.lastIndexOf('/') + 1),
        error: (error as Error).name,
      });
    }
  }
}

let sweep: (() => Promise<SweepResult>) | undefined;

/** Lambda entry: reads STATE_MACHINE_ARNS, SWEEP_AFTER_MINUTES and MAX_CALL_MINUTES once, at cold start. */
export async function handler(): Promise<SweepResult> {
  if (!sweep) {
    const { stateMachineArns, settings } = readSweeperEnv(process.env);
    sweep = createSweeper({ sqs: new SQSClient({}), sfn: new SFNClient({}), stateMachineArns, settings });
  }
  const result = await sweep();
  // What crashed calls left behind (the "leaked queues" alarm watches LeakedQueues).
  metrics.addMetric('LeakedQueues', MetricUnit.Count, result.queuesDeleted);
  metrics.addMetric('AbandonedExecutions', MetricUnit.Count, result.executionsStopped);
  metrics.publishStoredMetrics();
  return result;
}

/** Namespace from POWERTOOLS_METRICS_NAMESPACE (the stack sets it). */
const metrics = new Metrics({ serviceName: 'sweeper' });
