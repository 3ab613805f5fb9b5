/**
 * The lab's data as the page lists it: voicemails (DynamoDB items whose pk begins with VOICEMAIL#, read through
 * the edge with the AWS SDK, the way the system reads them), schedules and executions.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Lab } from '../../index';
import { labClientConfig } from '../../services/sdk';

export type Voicemail = Record<string, unknown> & { pk: string; sk: string; audioKey?: string };

export interface ExecutionSummary {
  name: string;
  stateMachine: string;
  status: string;
  startDate: number;
  stopDate?: number;
  /** The call it runs (executions are named call-<TransactionId>). */
  transactionId?: string;
  error?: string;
}

export function createLabData(lab: Lab) {
  const dynamodb = new DynamoDBClient(labClientConfig(lab.edgeUrl));
  return {
    async voicemails(): Promise<Voicemail[]> {
      const items: Voicemail[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamodb.send(
          new ScanCommand({
            TableName: lab.tableName,
            FilterExpression: 'begins_with(pk, :v)',
            ExpressionAttributeValues: { ':v': { S: 'VOICEMAIL#' } },
            ExclusiveStartKey: start,
          }),
        );
        for (const raw of page.Items ?? []) items.push(voicemailOf(unmarshall(raw)));
        start = page.LastEvaluatedKey;
      } while (start);
      return items.sort((a, b) => String(b.sk).localeCompare(String(a.sk)));
    },
    schedules: () => lab.scheduler.schedules(),
    executions: (): ExecutionSummary[] =>
      lab.stepFunctions
        .executions()
        .map((e) => ({
          name: e.name,
          stateMachine: e.stateMachineArn.split(':').pop() ?? '',
          status: e.status,
          startDate: e.startDate,
          ...(e.stopDate !== undefined ? { stopDate: e.stopDate } : {}),
          ...(e.name.startsWith('call-') ? { transactionId: e.name.slice('call-'.length) } : {}),
          ...(e.error ? { error: e.error } : {}),
        }))
        .sort((a, b) => b.startDate - a.startDate),
    close: () => dynamodb.destroy(),
  };
}

/** The item as stored, plus `audioKey`: the S3 key of its recording (whatever attribute names it). */
export function voicemailOf(item: Record<string, unknown>): Voicemail {
  const key = ['key', 'recordingKey', 'RecordingKey', 'Key', 's3Key']
    .map((k) => item[k])
    .find((v) => typeof v === 'string' && v.endsWith('.wav'));
  return { ...(item as Voicemail), ...(typeof key === 'string' ? { audioKey: key } : {}) };
}
