/**
 * A recording that lands in the lab bucket is filed by voicemail-indexer through the lab's stand-in for the
 * bucket notification — with no workflow involved, as when a caller hangs up and the workflow never gets to
 * file the message itself.
 */
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../../lab';
import { labClientConfig } from '../../../lab/services/sdk';

let lab: Lab;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  lab = await startLab({ port: 0, workflowsDir: `${REPO_ROOT}/examples` });
  dynamodb = new DynamoDBClient(labClientConfig(lab.edgeUrl));
});
afterAll(async () => {
  dynamodb?.destroy();
  await lab?.close();
});

async function voicemailsOf(pk: string): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 100; i++) {
    const page = await dynamodb.send(new ScanCommand({ TableName: lab.tableName }));
    const items = (page.Items ?? []).map((item) => unmarshall(item)).filter((item) => item.pk === pk);
    if (items.length > 0) return items;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

const wav = (seconds: number) => Buffer.alloc(44 + 16_000 * seconds);

it('files a recording under the line the workflow noted, with the caller and the time', async () => {
  await dynamodb.send(
    new PutItemCommand({
      TableName: lab.tableName,
      Item: marshall({
        pk: 'RECORDING#tx-noted',
        sk: 'voicemail',
        line: '+12065550299',
        caller: '+13125550111',
        receivedAt: '2026-11-24T01:00:00.000Z',
        spokenTime: 'Monday at 8 PM',
        voicemailExpiresAt: 1_900_000_000,
      }),
    }),
  );
  await lab.store.put(lab.bucketName, 'recordings/business-line/tx-noted/call-1.wav', wav(3));
  const [item] = await voicemailsOf('VOICEMAIL#+12065550299');
  expect(item).toMatchObject({
    sk: '2026-11-24T01:00:00.000Z#tx-noted',
    caller: '+13125550111',
    durationSeconds: 3,
    status: 'new',
    key: 'recordings/business-line/tx-noted/call-1.wav',
  });
});

it('keeps a recording the workflow left no note for, as unfiled', async () => {
  await lab.store.put(lab.bucketName, 'recordings/business-line/tx-lost/call-2.wav', wav(1));
  const items = await voicemailsOf('VOICEMAIL#unfiled');
  expect(items).toEqual([
    expect.objectContaining({ transactionId: 'tx-lost', caller: 'unknown', durationSeconds: 1 }),
  ]);
});
