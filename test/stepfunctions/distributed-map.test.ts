/**
 * A distributed Map over a few thousand objects in the lab's S3, written for AWS and driven through the
 * AWS SDK: ItemReader lists the objects, ResultWriter writes the results back, the map run is described
 * through ListMapRuns / DescribeMapRun, its children through ListExecutions(mapRunArn).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Provider, labClientConfig, startEdge, type Edge } from '../../lab/services';
import { createIntegrations, type Integrations } from '../../lab/stepfunctions';
import { ROLE, startLab, type Lab } from './harness';

const OBJECTS = 3000;

const etl = {
  StartAt: 'Each object',
  States: {
    'Each object': {
      Type: 'Map',
      Label: 'Resize',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:listObjectsV2',
        Parameters: { 'Bucket.$': '$.bucket', Prefix: 'images/' },
      },
      ItemSelector: { 'key.$': '$$.Map.Item.Value.Key', 'size.$': '$$.Map.Item.Value.Size' },
      MaxConcurrency: 500,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Thumbnail',
        States: {
          Thumbnail: {
            Type: 'Pass',
            Parameters: { 'thumbnail.$': "States.Format('thumbs/{}', $.key)", 'bytes.$': '$.size' },
            End: true,
          },
        },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { 'Bucket.$': '$.bucket', Prefix: 'runs' },
      },
      End: true,
    },
  },
};

let lab: Lab;
let edge: Edge;
let integrations: Integrations;
let s3: S3Client;

beforeAll(async () => {
  const provider = createS3Provider();
  edge = await startEdge({ port: 0, providers: [provider] });
  await provider.store.createBucket('media');
  for (let i = 0; i < OBJECTS; i++)
    await provider.store.put(
      'media',
      `images/${String(i).padStart(5, '0')}.jpg`,
      Buffer.from('x'.repeat(i % 7)),
    );
  const clientConfig = labClientConfig(edge.url);
  integrations = createIntegrations({ clientConfig });
  s3 = new S3Client(clientConfig);
  lab = await startLab({ integrations });
}, 60_000);
afterAll(async () => {
  await lab.close();
  integrations.close();
  s3.destroy();
  await edge.close();
});

describe('a distributed Map over the lab S3', () => {
  it('processes every object, writes its results to S3 and describes its map run', async () => {
    const { stateMachineArn } = await lab.sfn.send(
      new CreateStateMachineCommand({ name: 'etl', definition: JSON.stringify(etl), roleArn: ROLE }),
    );
    const started = Date.now();
    const { executionArn } = await lab.sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ bucket: 'media' }) }),
    );
    await lab.settled(executionArn!);
    const elapsed = Date.now() - started;
    const described = await lab.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status, described.cause).toBe('SUCCEEDED');
    const output = JSON.parse(described.output!);
    expect(output.ResultWriterDetails.Bucket).toBe('media');

    const { mapRuns } = await lab.sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const mapRunArn = mapRuns![0]!.mapRunArn!;
    expect(mapRunArn).toBe(output.MapRunArn);
    expect(mapRunArn).toMatch(/:mapRun:etl\/Resize:/);
    const run = await lab.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run.status).toBe('SUCCEEDED');
    expect(run.maxConcurrency).toBe(500);
    expect(run.itemCounts).toMatchObject({
      total: OBJECTS,
      succeeded: OBJECTS,
      failed: 0,
      resultsWritten: OBJECTS,
    });
    expect(run.executionCounts).toMatchObject({ total: OBJECTS, succeeded: OBJECTS });

    const children = await lab.sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 10 }));
    expect(children.executions).toHaveLength(10);
    expect(children.nextToken).toBeDefined();
    const child = await lab.sfn.send(
      new DescribeExecutionCommand({ executionArn: children.executions![0]!.executionArn }),
    );
    expect(child.status).toBe('SUCCEEDED');
    expect(JSON.parse(child.output!).thumbnail).toMatch(/^thumbs\/images\/\d{5}\.jpg$/);
    const history = await lab.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: children.executions![0]!.executionArn }),
    );
    expect(history.events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);

    const text = async (Key: string) =>
      (await s3.send(new GetObjectCommand({ Bucket: 'media', Key }))).Body!.transformToString();
    const manifest = JSON.parse(await text(output.ResultWriterDetails.Key));
    expect(manifest.MapRunArn).toBe(mapRunArn);
    expect(manifest.ResultFiles.FAILED).toEqual([]);
    const results = JSON.parse(await text(manifest.ResultFiles.SUCCEEDED[0].Key));
    expect(results).toHaveLength(OBJECTS);
    const outputs = results.map((r: { Output: string }) => JSON.parse(r.Output).thumbnail).sort();
    expect(outputs[OBJECTS - 1]).toBe(`thumbs/images/${String(OBJECTS - 1).padStart(5, '0')}.jpg`);
    console.log(`distributed Map over ${OBJECTS} S3 objects: ${elapsed} ms`);
  }, 120_000);
});
