/**
 * The `expect:` checks of a scenario: each reads the lab's state after the call and says what it found.
 * Counts are of what THIS call left behind (the lab may have run other calls before).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { labClientConfig } from '../services/sdk';
import type { Lab } from '../index';
import type { PhoneEvent } from '../pstn';

export interface Snapshot {
  voicemails: number;
  recordings: number;
  schedules: number;
}

export interface CallOutcome {
  transactionId: string;
  events: PhoneEvent[];
  executionStatus?: string;
  executionError?: string;
}

type Check = (expected: unknown, ctx: { before: Snapshot; after: Snapshot; call: CallOutcome }) => string | undefined;

const count =
  (field: keyof Snapshot, noun: string): Check =>
  (expected, { before, after }) => {
    const found = after[field] - before[field];
    return found === expected ? undefined : `expected ${String(expected)} new ${noun}, found ${found}`;
  };

export const CHECKS: Record<string, Check> = {
  voicemails: count('voicemails', 'voicemail(s)'),
  recordings: count('recordings', 'recording(s)'),
  schedules: count('schedules', 'schedule(s)'),
  execution: (expected, { call }) =>
    call.executionStatus === expected
      ? undefined
      : `expected the workflow to end ${String(expected)}, it is ${call.executionStatus ?? 'not started'}${call.executionError ? ` (${call.executionError})` : ''}`,
  'hangup-by': (expected, { call }) => {
    const hangup = call.events.find((e) => e.type === 'hangup');
    const by = hangup?.type === 'hangup' ? hangup.by : 'nobody';
    return by === expected ? undefined : `expected the call to be ended by ${String(expected)}, it was ended by ${by}`;
  },
};

export function unknownChecks(expect: Record<string, unknown>): string[] {
  return Object.keys(expect).filter((k) => !(k in CHECKS));
}

export async function snapshot(lab: Lab): Promise<Snapshot> {
  const dynamodb = new DynamoDBClient(labClientConfig(lab.edgeUrl));
  let voicemails = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: lab.tableName, ExclusiveStartKey: start }));
    voicemails += (page.Items ?? []).filter((i) => i.pk?.S?.startsWith('VOICEMAIL#')).length;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  dynamodb.destroy();
  const recordings = (await lab.store.list(lab.bucketName, 'recordings/')).length;
  return { voicemails, recordings, schedules: lab.scheduler.schedules().length };
}
