/**
 * TestState: one state of a definition, given input, variables and optionally a
 * mock (docs/aws/step-functions.md §9.6).
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient, TestStateCommand, type TestStateCommandInput } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrationResolver } from '../../lab/engine';
import { createIntegrations, type Integrations } from '../../lab/stepfunctions/integrations';
import { ROLE, startLab, tokenCatcher, type Lab } from './harness';
import { credentials, region, startDynamo, type Running } from './local-services';

let lab: Lab;
let sfn: SFNClient;
beforeAll(async () => {
  lab = await startLab();
  // TestState's endpoint has a host prefix (`sync-`) on AWS; a local endpoint needs it turned off
  sfn = new SFNClient({
    endpoint: lab.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'lab', secretAccessKey: 'lab' },
    disableHostPrefix: true,
  });
});
afterAll(async () => {
  sfn.destroy();
  await lab.close();
});

const test = (input: Omit<TestStateCommandInput, 'definition'> & { definition: object }) =>
  sfn.send(new TestStateCommand({ ...input, definition: JSON.stringify(input.definition) }));

const lookup = {
  Type: 'Task',
  Resource: 'arn:aws:states:::dynamodb:getItem',
  Parameters: { TableName: 'Calls', Key: { pk: { 'S.$': '$.call' } } },
  ResultSelector: { 'owner.$': '$.Item.owner.S' },
  ResultPath: '$.found',
  Retry: [{ ErrorEquals: ['DynamoDB.ProvisionedThroughputExceededException'], MaxAttempts: 2 }],
  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Apologise', ResultPath: '$.error' }],
  Next: 'Greet',
};

describe('TestState', () => {
  it('a Pass state answers its output and the state it moves to', async () => {
    const result = await test({
      definition: {
        Type: 'Pass',
        Parameters: { 'greeting.$': "States.Format('Hello {}', $.name)" },
        Next: 'Menu',
      },
      input: '{"name":"Ana"}',
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', nextState: 'Menu' });
    expect(JSON.parse(result.output!)).toEqual({ greeting: 'Hello Ana' });
  });

  it('picks the named state out of a whole machine, and a Choice reads the given variables', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { open: true }, Next: 'IsOpen' },
        IsOpen: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $open and $states.input.digits = "1" %}', Next: 'Forward' }],
          Default: 'Voicemail',
        },
        Forward: { Type: 'Succeed' },
        Voicemail: { Type: 'Succeed' },
      },
    };
    expect(
      await test({ definition, stateName: 'IsOpen', input: '{"digits":"1"}', variables: '{"open":true}' }),
    ).toMatchObject({ status: 'SUCCEEDED', nextState: 'Forward' });
    expect(
      await test({ definition, stateName: 'IsOpen', input: '{"digits":"1"}', variables: '{"open":false}' }),
    ).toMatchObject({ status: 'SUCCEEDED', nextState: 'Voicemail' });
  });

  it('a Task with a mocked result runs its ResultSelector and ResultPath', async () => {
    const result = await test({
      definition: lookup,
      input: '{"call":"c-1"}',
      mock: { result: '{"Item":{"owner":{"S":"Ana"}}}' },
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', nextState: 'Greet' });
    expect(JSON.parse(result.output!)).toEqual({ call: 'c-1', found: { owner: 'Ana' } });
  });

  it('a mocked error that a Catch handles is CAUGHT_ERROR, moving to the catcher with the error output', async () => {
    const result = await test({
      definition: lookup,
      input: '{"call":"c-1"}',
      mock: { errorOutput: { error: 'DynamoDB.ResourceNotFoundException', cause: 'no table' } },
    });
    expect(result).toMatchObject({
      status: 'CAUGHT_ERROR',
      nextState: 'Apologise',
      error: 'DynamoDB.ResourceNotFoundException',
      cause: 'no table',
    });
    expect(JSON.parse(result.output!)).toEqual({
      call: 'c-1',
      error: { Error: 'DynamoDB.ResourceNotFoundException', Cause: 'no table' },
    });
  });

  it('a mocked error a retrier matches is RETRIABLE until its attempts are used up', async () => {
    const mock = {
      errorOutput: { error: 'DynamoDB.ProvisionedThroughputExceededException', cause: 'slow down' },
    };
    expect(await test({ definition: lookup, input: '{"call":"c"}', mock })).toMatchObject({
      status: 'RETRIABLE',
      error: 'DynamoDB.ProvisionedThroughputExceededException',
    });
    expect(
      await test({
        definition: lookup,
        input: '{"call":"c"}',
        mock,
        stateConfiguration: { retrierRetryCount: 2 },
      }),
    ).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Apologise' });
  });

  it('a Task answered through its task token uses the mock as the SendTaskSuccess output', async () => {
    const definition = {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' },
      HeartbeatSeconds: 5,
      End: true,
    };
    const result = await test({ definition, input: '{}', mock: { result: '{"Event":"DIGITS_RECEIVED"}' } });
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(JSON.parse(result.output!)).toEqual({ Event: 'DIGITS_RECEIVED' });
  });

  it('a Fail state is FAILED with its error and cause; a Wait state completes at once', async () => {
    expect(
      await test({ definition: { Type: 'Fail', Error: 'NoOwner', Cause: 'nobody to forward to' } }),
    ).toMatchObject({ status: 'FAILED', error: 'NoOwner', cause: 'nobody to forward to' });
    expect(
      await test({ definition: { Type: 'Wait', Seconds: 3600, Next: 'Later' }, input: '{"a":1}' }),
    ).toMatchObject({ status: 'SUCCEEDED', nextState: 'Later', output: '{"a":1}' });
  });

  it.each([
    [
      'a Task without roleArn or mock',
      { definition: lookup },
      'RoleArn must be specified when testing a Task state',
    ],
    [
      'a Pass state with a mock',
      { definition: { Type: 'Pass', End: true }, mock: { result: '{}' } },
      "State type 'Pass' is not supported when a mock is specified",
    ],
    [
      'a state name the machine does not have',
      { definition: { StartAt: 'A', States: { A: { Type: 'Succeed' } } }, stateName: 'B' },
      "State 'B' does not exist in the definition",
    ],
  ])('%s is a ValidationException that says so', async (_, request, message) => {
    await expect(test({ roleArn: undefined, ...(request as { definition: object }) })).rejects.toMatchObject({
      name: 'ValidationException',
      message,
    });
  });

  it('a .sync Task runs against a mock, as AWS allows; without one it is InvalidDefinition, the lab having no .sync integration', async () => {
    const definition = {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:child' },
      End: true,
    };
    expect(await test({ definition, mock: { result: '{"Status":"SUCCEEDED"}' } })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"Status":"SUCCEEDED"}',
    });
    await expect(test({ definition, roleArn: ROLE })).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining("it has no '.sync' (Run a Job) integrations"),
    });
  });

  it('a state with a field of the wrong query language is InvalidDefinition', async () => {
    await expect(
      test({
        definition: { QueryLanguage: 'JSONata', Type: 'Pass', Parameters: { a: 1 }, End: true },
        roleArn: ROLE,
      }),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });
});

describe('TestState without a mock, against a real local service', () => {
  let dynamo: Running;
  let integrations: Integrations;
  let real: Lab;
  let client: SFNClient;
  beforeAll(async () => {
    dynamo = await startDynamo();
    const clientConfig = { endpoint: dynamo.endpoint, region, credentials };
    const ddb = new DynamoDBClient(clientConfig);
    await ddb.send(
      new CreateTableCommand({
        TableName: 'Calls',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await ddb.send(
      new PutItemCommand({ TableName: 'Calls', Item: { pk: { S: 'c-1' }, owner: { S: 'Ana' } } }),
    );
    ddb.destroy();
    integrations = createIntegrations({ clientConfig });
    // dynalite answers in 3-5 event-loop turns here; 25 ms more, as on a busy machine, makes the wait certain to matter
    const slow: IntegrationResolver = (resource) => {
      const call = integrations(resource);
      return call && (async (task) => (await new Promise((r) => setTimeout(r, 25)), call(task)));
    };
    real = await startLab({ integrations: slow });
    client = new SFNClient({ endpoint: real.url, region, credentials, disableHostPrefix: true });
  });
  afterAll(async () => {
    client.destroy();
    await real.close();
    integrations.close();
    await dynamo.close();
  });

  it('waits for the call however many event-loop turns it takes: dynamodb:getItem answers the item', async () => {
    const definition = JSON.stringify({ ...lookup, Retry: undefined, Catch: undefined, TimeoutSeconds: 30 });
    const result = await client.send(
      new TestStateCommand({ definition, roleArn: ROLE, input: '{"call":"c-1"}' }),
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', nextState: 'Greet' });
    expect(JSON.parse(result.output!)).toEqual({ call: 'c-1', found: { owner: 'Ana' } });
  });

  it('aws-sdk:dynamodb:listTables answers the table', async () => {
    const definition = JSON.stringify({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:listTables',
      Parameters: {},
      End: true,
    });
    const result = await client.send(new TestStateCommand({ definition, roleArn: ROLE }));
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(JSON.parse(result.output!)).toEqual({ TableNames: ['Calls'] });
  });
});

describe('TestState decides RETRIABLE with the engine’s own error matching', () => {
  const catcher = tokenCatcher();
  let matching: Lab;
  let client: SFNClient;
  beforeAll(async () => {
    matching = await startLab({ integrations: catcher.integrations });
    client = new SFNClient({ endpoint: matching.url, region, credentials, disableHostPrefix: true });
  });
  afterAll(async () => {
    client.destroy();
    await matching.close();
  });

  const ask = {
    Type: 'Task',
    Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' },
    End: true,
  };
  it.each([
    [
      'States.TaskFailed does not match States.QueryEvaluationError',
      {
        QueryLanguage: 'JSONata',
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Output: '{% $states.result.n + "one" %}',
        Retry: [{ ErrorEquals: ['States.TaskFailed'] }],
        End: true,
      },
      { mock: { result: '{"n":1}' } },
      { status: 'FAILED', error: 'States.QueryEvaluationError' },
    ],
    [
      'States.HeartbeatTimeout matches a heartbeat expiry',
      { ...ask, HeartbeatSeconds: 5, Retry: [{ ErrorEquals: ['States.HeartbeatTimeout'] }] },
      {},
      { status: 'RETRIABLE', error: 'States.Timeout' },
    ],
    [
      'States.HeartbeatTimeout does not match a TimeoutSeconds expiry',
      { ...ask, TimeoutSeconds: 5, Retry: [{ ErrorEquals: ['States.HeartbeatTimeout'] }] },
      {},
      { status: 'FAILED', error: 'States.Timeout' },
    ],
  ])('%s', async (_, definition, extra, expected) => {
    const result = await client.send(
      new TestStateCommand({ definition: JSON.stringify(definition), roleArn: ROLE, input: '{}', ...extra }),
    );
    expect(result).toMatchObject(expected);
  });

  it('a malformed retrier is InvalidDefinition, as the engine would refuse it', async () => {
    const definition = JSON.stringify({ ...ask, Retry: [{ ErrorEquals: 'States.ALL' }] });
    await expect(
      client.send(new TestStateCommand({ definition, roleArn: ROLE, mock: { result: '{}' } })),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });
});
