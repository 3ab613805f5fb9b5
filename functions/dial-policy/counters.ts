/**
 * The line's outbound-call counters: one conditional `ADD` each, so concurrent calls can never take more than
 * the cap between them (a refused condition is a refused call).
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

export interface Counter {
  dynamodb: DynamoDBClient;
  tableName: string;
  line: string;
  /** epoch ms */
  now: number;
}

/** Counts one call under `sk`; false when `cap` calls are already counted there. */
export async function countCall(counter: Counter, sk: string, cap: number): Promise<boolean> {
  try {
    await counter.dynamodb.send(
      new UpdateItemCommand({
        TableName: counter.tableName,
        Key: marshall({ pk: `OUTBOUND#${counter.line}`, sk }),
        UpdateExpression: 'ADD calls :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(calls) OR calls < :cap',
        ExpressionAttributeValues: marshall({
          ':one': 1,
          ':cap': cap,
          ':expires': Math.floor(counter.now / 1000) + 2 * 86_400,
        }),
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/** Gives back a call counted under `sk` (when a later limit refused it). */
export async function uncountCall(counter: Counter, sk: string): Promise<void> {
  await counter.dynamodb.send(
    new UpdateItemCommand({
      TableName: counter.tableName,
      Key: marshall({ pk: `OUTBOUND#${counter.line}`, sk }),
      UpdateExpression: 'ADD calls :minus',
      ExpressionAttributeValues: marshall({ ':minus': -1 }),
    }),
  );
}
