/**
 * The resources the workflows use, with the same names and substitutions the CDK app gives them: the
 * bucket (with the prompts and audio), the table, the schedule group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { ObjectStore } from '../services/s3';
import { labClientConfig, LAB_ACCOUNT_ID } from '../services/sdk';
import { LAB_BUCKET, LAB_KEY_ARN, LAB_SCHEDULE_GROUP, LAB_TABLE } from './names';

export interface ResourceOptions {
  store: ObjectStore;
  clientConfig: ReturnType<typeof labClientConfig>;
  promptsDir: string;
  audioDir: string;
  modelId: string;
  sipMediaApplicationId: string;
  ownerNumber: string;
}

/** Creates the resources; returns the definition substitutions that name them. */
export async function createResources(options: ResourceOptions): Promise<Record<string, string>> {
  const { store, clientConfig } = options;
  await store.createBucket(LAB_BUCKET);
  await uploadFolder(store, options.promptsDir, 'prompts/');
  await uploadFolder(store, options.audioDir, 'audio/');
  await createTable(new DynamoDBClient(clientConfig));
  await new SchedulerClient(clientConfig).send(new CreateScheduleGroupCommand({ Name: LAB_SCHEDULE_GROUP }));
  return {
    BucketName: LAB_BUCKET,
    TableName: LAB_TABLE,
    ModelId: options.modelId,
    SipMediaApplicationId: options.sipMediaApplicationId,
    ScheduleGroupName: LAB_SCHEDULE_GROUP,
    SchedulerRoleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-scheduler`,
    OwnerNumber: options.ownerNumber,
    CallDataKeyArn: LAB_KEY_ARN,
  };
}

async function uploadFolder(store: ObjectStore, dir: string, prefix: string): Promise<void> {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return;
  }
  for (const file of files) {
    const contentType = file.endsWith('.wav')
      ? 'audio/wav'
      : file.endsWith('.md')
        ? 'text/markdown'
        : 'application/octet-stream';
    await store.put(LAB_BUCKET, prefix + file, readFileSync(join(dir, file)), { contentType });
  }
}

async function createTable(dynamodb: DynamoDBClient): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: LAB_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: LAB_TABLE,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    }),
  );
}
