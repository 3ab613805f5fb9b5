/**
 * Service integrations return AWS's result shapes and error names (docs/aws/step-functions.md §9), against
 * real local services: local-aws-sqs and dynalite; Lambda is an in-process function.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatesError } from '../../lab/engine';
import {
  createIntegrations,
  functionNameOf,
  parseResource,
  type Integrations,
} from '../../lab/stepfunctions/integrations';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { startFakeRest } from './fake-rest';
import { passThrough, ROLE, startLab, type Lab } from './harness';
import { credentials, region, startDynamo, startSqs, taskOf, type Running } from './local-services';

async function failure(promise: Promise<unknown>): Promise<StatesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('expected the task to fail');
}

function call(integrations: Integrations, resource: string, parameters: unknown): Promise<unknown> {
  const integration = integrations(resource);
  if (!integration) throw new Error(`no integration for ${resource}`);
  return integration(taskOf(resource, parameters));
}

describe('resources the lab recognises', () => {
  const integrations = createIntegrations({
    clientConfig: { endpoint: 'http://127.0.0.1:1', region, credentials },
  });
  afterAll(() => integrations.close());

  it.each([
    ['arn:aws:states:::sqs:sendMessage', true],
    ['arn:aws:states:::sqs:sendMessage.waitForTaskToken', true],
    ['arn:aws:states:::lambda:invoke', true],
    ['arn:aws:lambda:us-east-1:000000000000:function:hello', true],
    ['arn:aws:states:::dynamodb:getItem', true],
    ['arn:aws:states:::dynamodb:updateItem', true],
    // docs/aws/step-functions.md §9.3: the optimized integration has no query
    ['arn:aws:states:::dynamodb:query', false],
    ['arn:aws:states:::aws-sdk:dynamodb:query', true],
    ['arn:aws:states:::aws-sdk:scheduler:createSchedule', true],
    ['arn:aws:states:::aws-sdk:chimesdkvoice:updateSipMediaApplicationCall', true],
    ['arn:aws:states:::aws-sdk:bedrockruntime:converse', true],
    ['arn:aws:states:::aws-sdk:s3:getObject', true],
    ['arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', true],
    ['arn:aws:states:::aws-sdk:dynamodb:noSuchAction', false],
    ['arn:aws:states:::aws-sdk:nosuchservice:doThing', false],
    ['arn:aws:states:::bedrock:invokeModel', true],
    ['arn:aws:states:::sns:nope', false],
    // the lab has no .sync (Run a Job) integration, and AWS has none for these: none may run as request-response
    ['arn:aws:states:::lambda:invoke.sync', false],
    ['arn:aws:states:::sqs:sendMessage.sync', false],
    ['arn:aws:states:::aws-sdk:dynamodb:getItem.sync', false],
    ['arn:aws:states:::states:startExecution.sync:2', false],
    ['not an arn', false],
  ])('%s → supported: %s', (resource, supported) => {
    expect(integrations(resource) !== undefined).toBe(supported);
  });

  it('reads the service and action out of a resource, without its suffix', () => {
    expect(parseResource('arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken')).toEqual({
      service: 'aws-sdk:sfn',
      action: 'startExecution',
    });
    expect(functionNameOf('arn:aws:lambda:us-east-1:000000000000:function:hello:prod')).toBe('hello');
  });
});

describe('SQS through local-aws-sqs', () => {
  let sqs: Running;
  let integrations: Integrations;
  let queueUrl: string;
  let client: SQSClient;
  beforeAll(async () => {
    sqs = await startSqs();
    const clientConfig = { endpoint: sqs.endpoint, region, credentials };
    integrations = createIntegrations({ clientConfig });
    client = new SQSClient(clientConfig);
    queueUrl = (await client.send(new CreateQueueCommand({ QueueName: 'call-1' }))).QueueUrl!;
  });
  afterAll(async () => {
    integrations.close();
    client.destroy();
    await sqs.close();
  });

  it('sendMessage sends an object MessageBody as JSON text and answers MessageId and MD5OfMessageBody', async () => {
    const result = (await call(integrations, 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
      QueueUrl: queueUrl,
      MessageBody: { SchemaVersion: '1.0', Actions: [], TransactionAttributes: { WaitToken: 'tok' } },
    })) as Record<string, unknown>;
    expect(result).toMatchObject({
      MessageId: expect.any(String),
      MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(result.SdkHttpMetadata).toMatchObject({ HttpStatusCode: 200 });
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    expect(JSON.parse(received.Messages![0]!.Body!)).toEqual({
      SchemaVersion: '1.0',
      Actions: [],
      TransactionAttributes: { WaitToken: 'tok' },
    });
  });

  it('sendMessage to a queue that does not exist fails as SQS.<Exception> with the service named in the cause', async () => {
    const error = await failure(
      call(integrations, 'arn:aws:states:::sqs:sendMessage', {
        QueueUrl: `${sqs.endpoint}/000000000000/missing`,
        MessageBody: 'x',
      }),
    );
    expect(error.error).toMatch(/^SQS\.\w+Exception$/);
    expect(error.cause).toMatch(
      /\(Service: AmazonSQS; Status Code: 400; Error Code: \w+; Request ID: .*; Proxy: null\)$/,
    );
  });

  it('aws-sdk:sqs:getQueueUrl answers PascalCase without $metadata', async () => {
    expect(
      await call(integrations, 'arn:aws:states:::aws-sdk:sqs:getQueueUrl', { QueueName: 'call-1' }),
    ).toEqual({ QueueUrl: queueUrl });
  });
});

describe('DynamoDB through dynalite', () => {
  let dynamo: Running;
  let integrations: Integrations;
  beforeAll(async () => {
    dynamo = await startDynamo();
    const clientConfig = { endpoint: dynamo.endpoint, region, credentials };
    integrations = createIntegrations({ clientConfig });
    const client = new DynamoDBClient(clientConfig);
    await client.send(
      new CreateTableCommand({
        TableName: 'Voicemail',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
  });
  afterAll(async () => {
    integrations.close();
    await dynamo.close();
  });

  it('putItem answers only the SDK metadata; getItem answers the Item in DynamoDB JSON', async () => {
    const put = (await call(integrations, 'arn:aws:states:::dynamodb:putItem', {
      TableName: 'Voicemail',
      Item: { pk: { S: 'a' }, n: { N: '1' }, Caller: { S: 'x' } },
    })) as object;
    expect(Object.keys(put).sort()).toEqual(['SdkHttpMetadata', 'SdkResponseMetadata']);
    const got = (await call(integrations, 'arn:aws:states:::dynamodb:getItem', {
      TableName: 'Voicemail',
      Key: { pk: { S: 'a' } },
    })) as Record<string, unknown>;
    // attribute names are user data: kept as written (not PascalCased)
    expect(got.Item).toEqual({ pk: { S: 'a' }, n: { N: '1' }, Caller: { S: 'x' } });
  });

  it('updateItem with ReturnValues answers Attributes', async () => {
    const result = (await call(integrations, 'arn:aws:states:::dynamodb:updateItem', {
      TableName: 'Voicemail',
      Key: { pk: { S: 'u' } },
      UpdateExpression: 'SET heard = :h',
      ExpressionAttributeValues: { ':h': { BOOL: true } },
      ReturnValues: 'ALL_NEW',
    })) as Record<string, unknown>;
    expect(result.Attributes).toEqual({ pk: { S: 'u' }, heard: { BOOL: true } });
  });

  it('a failed condition is DynamoDB.ConditionalCheckFailedException (optimized) and DynamoDb.ConditionalCheckFailedException (aws-sdk)', async () => {
    const params = {
      TableName: 'Voicemail',
      Item: { pk: { S: 'a' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    const optimized = await failure(call(integrations, 'arn:aws:states:::dynamodb:putItem', params));
    expect(optimized.error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(optimized.cause).toContain(
      '(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException;',
    );
    const sdk = await failure(call(integrations, 'arn:aws:states:::aws-sdk:dynamodb:putItem', params));
    expect(sdk.error).toBe('DynamoDb.ConditionalCheckFailedException');
    expect(sdk.cause).toMatch(/\(Service: DynamoDb, Status Code: 400, Request ID: .+\)$/);
  });

  it('a missing table is DynamoDB.ResourceNotFoundException; an invalid request is the unmodeled base exception', async () => {
    expect(
      (
        await failure(
          call(integrations, 'arn:aws:states:::dynamodb:getItem', {
            TableName: 'Nope',
            Key: { pk: { S: 'a' } },
          }),
        )
      ).error,
    ).toBe('DynamoDB.ResourceNotFoundException');
    const bad = { TableName: 'Voicemail', Key: { wrong: { S: 'a' } } };
    expect((await failure(call(integrations, 'arn:aws:states:::dynamodb:getItem', bad))).error).toBe(
      'DynamoDB.AmazonDynamoDBException',
    );
    expect((await failure(call(integrations, 'arn:aws:states:::aws-sdk:dynamodb:getItem', bad))).error).toBe(
      'DynamoDb.DynamoDbException',
    );
  });

  it('aws-sdk:dynamodb:query answers Items, Count and ScannedCount; putItem answers {}', async () => {
    expect(
      await call(integrations, 'arn:aws:states:::aws-sdk:dynamodb:putItem', {
        TableName: 'Voicemail',
        Item: { pk: { S: 'q' } },
      }),
    ).toEqual({});
    const result = await call(integrations, 'arn:aws:states:::aws-sdk:dynamodb:query', {
      TableName: 'Voicemail',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'q' } },
    });
    expect(result).toEqual({ Items: [{ pk: { S: 'q' } }], Count: 1, ScannedCount: 1 });
  });

  it('aws-sdk:dynamodb:describeTable turns timestamps into ISO-8601 strings', async () => {
    const result = (await call(integrations, 'arn:aws:states:::aws-sdk:dynamodb:describeTable', {
      TableName: 'Voicemail',
    })) as { Table: Record<string, unknown> };
    expect(result.Table.TableName).toBe('Voicemail');
    expect(result.Table.CreationDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});

describe('Lambda, with an in-process function', () => {
  class CustomerNotFound extends Error {
    override name = 'CustomerNotFound';
  }
  const integrations = createIntegrations({
    clientConfig: { endpoint: 'http://127.0.0.1:1', region, credentials },
    lambda: async (name, payload) => {
      if (name === 'lookup') throw new CustomerNotFound('no such customer');
      return { name, echo: payload };
    },
  });
  afterAll(() => integrations.close());

  it('lambda:invoke answers the envelope with the parsed Payload', async () => {
    const result = (await call(integrations, 'arn:aws:states:::lambda:invoke', {
      FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:hours',
      Payload: { at: 1 },
    })) as Record<string, unknown>;
    expect(result).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { name: 'hours', echo: { at: 1 } },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(result.SdkResponseMetadata).toEqual({ RequestId: expect.any(String) });
  });

  it('a bare function ARN answers the payload only, given the state input', async () => {
    expect(
      await call(integrations, 'arn:aws:lambda:us-east-1:000000000000:function:hours', { at: 2 }),
    ).toEqual({ name: 'hours', echo: { at: 2 } });
  });

  it("another region's function ARN is AWS's ResourceNotFoundException, and the local function does not run", async () => {
    const error = await failure(
      call(integrations, 'arn:aws:states:::lambda:invoke', {
        FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:hours',
        Payload: {},
      }),
    );
    expect(error.error).toBe('Lambda.ResourceNotFoundException');
    expect(error.cause).toMatch(
      /^Functions from 'eu-west-1' are not reachable in this region \('us-east-1'\) \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [\w-]+; Proxy: null\)$/,
    );
  });

  it("another account's function ARN is refused as AccessDeniedException, as a Resource or a FunctionName", async () => {
    for (const pending of [
      call(integrations, 'arn:aws:lambda:us-east-1:111122223333:function:hours', {}),
      call(integrations, 'arn:aws:states:::lambda:invoke', { FunctionName: '111122223333:function:hours' }),
    ]) {
      const error = await failure(pending);
      expect(error.error).toBe('Lambda.AWSLambdaException');
      expect(error.cause).toMatch(/Status Code: 403; Error Code: AccessDeniedException;/);
    }
  });

  it('a function error fails the task with its errorType and a JSON cause', async () => {
    const error = await failure(
      call(integrations, 'arn:aws:states:::lambda:invoke', { FunctionName: 'lookup', Payload: {} }),
    );
    expect(error.error).toBe('CustomerNotFound');
    expect(JSON.parse(error.cause)).toMatchObject({
      errorMessage: 'no such customer',
      errorType: 'CustomerNotFound',
      requestId: expect.any(String),
      stackTrace: expect.any(Array),
    });
  });
});

describe('Bedrock, S3 and Lambda over their REST protocols (a fake endpoint)', () => {
  let rest: { endpoint: string; close(): Promise<void> };
  let integrations: Integrations;
  beforeAll(async () => {
    rest = await startFakeRest();
    integrations = createIntegrations({ clientConfig: { endpoint: rest.endpoint, region, credentials } });
  });
  afterAll(async () => {
    integrations.close();
    await rest.close();
  });

  it('bedrock:invokeModel sends an object Body as JSON and answers the response Body parsed', async () => {
    const result = await call(integrations, 'arn:aws:states:::bedrock:invokeModel', {
      ModelId: 'lab.responder',
      Body: { prompt: 'opening hours?' },
    });
    expect(result).toEqual({
      Body: { completion: 'You asked: opening hours?', model: 'lab.responder' },
      ContentType: 'application/json',
    });
  });

  it('bedrock:invokeModel of an unknown model fails as Bedrock.ResourceNotFoundException', async () => {
    expect(
      (
        await failure(
          call(integrations, 'arn:aws:states:::bedrock:invokeModel', { ModelId: 'missing-model', Body: {} }),
        )
      ).error,
    ).toBe('Bedrock.ResourceNotFoundException');
  });

  it('aws-sdk:s3:getObject answers the Body as text; a missing key is S3.NoSuchKeyException', async () => {
    const result = (await call(integrations, 'arn:aws:states:::aws-sdk:s3:getObject', {
      Bucket: 'media',
      Key: 'prompts/hello.txt',
    })) as Record<string, unknown>;
    expect(result).toMatchObject({ Body: 'hello', ContentType: 'text/plain', ContentLength: 5 });
    const error = await failure(
      call(integrations, 'arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'media', Key: 'nope.wav' }),
    );
    expect(error.error).toBe('S3.NoSuchKeyException');
    expect(error.cause).toMatch(
      /^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: .+\)$/,
    );
  });

  it('lambda:invoke through the Lambda API: the envelope, a function error by its errorType, a missing function as Lambda.ResourceNotFoundException', async () => {
    expect(
      await call(integrations, 'arn:aws:states:::lambda:invoke', {
        FunctionName: 'hours',
        Payload: { at: 1 },
      }),
    ).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: { ok: true, got: { at: 1 } } });
    const failed = await failure(
      call(integrations, 'arn:aws:states:::lambda:invoke', {
        FunctionName: 'hours',
        Payload: { fail: true },
      }),
    );
    expect(failed.error).toBe('TypeError');
    expect(JSON.parse(failed.cause)).toMatchObject({
      errorMessage: 'boom',
      errorType: 'TypeError',
      stackTrace: ['at x'],
    });
    expect(
      (await failure(call(integrations, 'arn:aws:lambda:us-east-1:000000000000:function:nope', {}))).error,
    ).toBe('Lambda.ResourceNotFoundException');
  });
});

describe('aws-sdk:sfn against the lab’s own Step Functions API (camelCase SDK members, PascalCase in ASL)', () => {
  let lab: Lab;
  let integrations: Integrations;
  beforeAll(async () => {
    lab = await startLab();
    integrations = createIntegrations({ clientConfig: { endpoint: lab.url, region, credentials } });
    await lab.sfn.send(
      new CreateStateMachineCommand({ name: 'child', definition: passThrough, roleArn: ROLE }),
    );
  });
  afterAll(async () => {
    integrations.close();
    await lab.close();
  });

  it('describeStateMachine takes PascalCase parameters and answers PascalCase members with ISO dates', async () => {
    const result = (await call(integrations, 'arn:aws:states:::aws-sdk:sfn:describeStateMachine', {
      StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:child',
    })) as Record<string, unknown>;
    expect(result).toMatchObject({
      Name: 'child',
      Status: 'ACTIVE',
      Type: 'STANDARD',
      Definition: passThrough,
      LoggingConfiguration: { Level: 'OFF', IncludeExecutionData: false },
    });
    expect(result.CreationDate).toBe('2026-11-23T15:00:00.000Z');
  });

  it('errors are Sfn.<Name>Exception with the cause AWS records', async () => {
    const error = await failure(
      call(integrations, 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', {
        TaskToken: 'bogus',
        Output: '{}',
      }),
    );
    expect(error.error).toBe('Sfn.InvalidTokenException');
    expect(error.cause).toMatch(
      /^Invalid Token: 'Invalid token' \(Service: Sfn, Status Code: 400, Request ID: .+\)$/,
    );
    const missing = await failure(
      call(integrations, 'arn:aws:states:::aws-sdk:sfn:startExecution', {
        StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope',
      }),
    );
    expect(missing.error).toBe('Sfn.StateMachineDoesNotExistException');
  });

  it('testState goes to the local endpoint (no `sync-` host prefix)', async () => {
    const result = await call(integrations, 'arn:aws:states:::aws-sdk:sfn:testState', {
      Definition: JSON.stringify({ Type: 'Pass', End: true }),
      Input: '{"a":1}',
    });
    expect(result).toMatchObject({ Status: 'SUCCEEDED', Output: '{"a":1}' });
  });
});
