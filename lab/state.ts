/**
 * The lab's state across restarts, for `npm start -- --data <dir>`: the S3 objects live in `<dir>/s3` as the
 * lab writes them; the table's items, the waiting schedules and the lab's clock are written to `<dir>` when the
 * lab closes and put back, through the same AWS APIs, when it starts. The Step Functions API's state machines
 * and executions (with their histories) are kept too (lab/stepfunctions/kept.ts); an execution still running
 * when the lab stops is kept as ABORTED, since nothing runs across a restart.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  CreateScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { labClientConfig } from './services/sdk';
import type { KeptStepFunctions } from './stepfunctions/kept';

export interface KeptState {
  /** lab time when the lab closed, epoch ms */
  labTime: number;
  items: Record<string, AttributeValue>[];
  schedules: CreateScheduleCommandInput[];
  /** absent in a state written before executions were kept */
  stepFunctions?: KeptStepFunctions;
}

const FILE = 'lab-state.json';

export function s3Folder(dataDir: string): string {
  return join(dataDir, 's3');
}

export function readKeptState(dataDir: string): KeptState | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as KeptState;
  } catch (e) {
    throw new Error(
      `${join(dataDir, FILE)}: not the lab's state (${(e as Error).message}); move it away to start afresh`,
      {
        cause: e,
      },
    );
  }
}

export async function restoreState(
  edgeUrl: string,
  tableName: string,
  state: KeptState,
  log: (line: string) => void,
): Promise<void> {
  const config = labClientConfig(edgeUrl);
  const dynamodb = new DynamoDBClient(config);
  const scheduler = new SchedulerClient(config);
  try {
    for (const item of state.items)
      await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: item }));
    for (const schedule of state.schedules) {
      await scheduler
        .send(new CreateScheduleCommand(schedule))
        .catch((e: Error) => log(`schedule ${schedule.Name} not restored: ${e.message}`));
    }
  } finally {
    dynamodb.destroy();
    scheduler.destroy();
  }
}

export async function saveState(
  edgeUrl: string,
  tableName: string,
  labTime: number,
  dataDir: string,
  stepFunctions?: KeptStepFunctions,
): Promise<void> {
  const config = labClientConfig(edgeUrl);
  const dynamodb = new DynamoDBClient(config);
  const scheduler = new SchedulerClient(config);
  try {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamodb.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const schedules: CreateScheduleCommandInput[] = [];
    let next: string | undefined;
    do {
      const page = await scheduler.send(new ListSchedulesCommand({ NextToken: next }));
      for (const s of page.Schedules ?? []) {
        const got = await scheduler.send(new GetScheduleCommand({ Name: s.Name, GroupName: s.GroupName }));
        schedules.push({
          Name: got.Name,
          GroupName: got.GroupName,
          ScheduleExpression: got.ScheduleExpression,
          ScheduleExpressionTimezone: got.ScheduleExpressionTimezone,
          StartDate: got.StartDate,
          EndDate: got.EndDate,
          Description: got.Description,
          State: got.State,
          FlexibleTimeWindow: got.FlexibleTimeWindow,
          Target: got.Target,
          ActionAfterCompletion: got.ActionAfterCompletion,
        });
      }
      next = page.NextToken;
    } while (next);
    mkdirSync(dataDir, { recursive: true });
    const state: KeptState = { labTime, items, schedules, ...(stepFunctions ? { stepFunctions } : {}) };
    writeFileSync(join(dataDir, `${FILE}.new`), JSON.stringify(state, null, 1));
    renameSync(join(dataDir, `${FILE}.new`), join(dataDir, FILE));
  } finally {
    dynamodb.destroy();
    scheduler.destroy();
  }
}
