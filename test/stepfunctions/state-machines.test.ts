/** Managing state machines through @aws-sdk/client-sfn (docs/aws/step-functions.md §1.2, §8.3, §9.7). */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidName,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  DescribeExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passThrough, ROLE, startLab, tokenCatcher, type Lab } from './harness';

let lab: Lab;
beforeEach(
  async () =>
    (lab = await startLab({
      substitutions: { Greeting: 'hi there' },
      integrations: tokenCatcher().integrations,
    })),
);
afterEach(() => lab.close());

const create = (name: string, definition = passThrough) =>
  lab.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));

describe('CreateStateMachine and DescribeStateMachine', () => {
  it('an admin creates a machine and reads back its definition, type, status and creation date', async () => {
    const created = await create('business-line');
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:business-line');
    expect(created.creationDate).toBeInstanceOf(Date);
    const described = await lab.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(described).toMatchObject({
      name: 'business-line',
      definition: passThrough,
      roleArn: ROLE,
      status: 'ACTIVE',
      type: 'STANDARD',
    });
    expect(described.creationDate!.getTime()).toBe(Date.parse('2026-11-23T15:00:00Z'));
  });

  it('creating the same machine twice is idempotent; the same name with another definition is StateMachineAlreadyExists', async () => {
    const first = await create('line');
    expect((await create('line')).stateMachineArn).toBe(first.stateMachineArn);
    const other = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    await expect(create('line', other)).rejects.toBeInstanceOf(StateMachineAlreadyExists);
    await expect(create('line', other)).rejects.toThrow(
      `State Machine Already Exists: '${first.stateMachineArn}'`,
    );
  });

  it.each(['has space', 'a/b', 'x'.repeat(81), 'semi;colon', ''])('the name %j is refused', async (name) => {
    if (name === '') await expect(create(name)).rejects.toMatchObject({ name: 'ValidationException' });
    else
      await expect(create(name)).rejects.toThrow(
        new InvalidName({ message: `Invalid Name: '${name}'`, $metadata: {} }).message,
      );
  });

  it('a definition with a missing transition target is InvalidDefinition, naming the code and where', async () => {
    const bad = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
    const error = await create('bad', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDefinition);
    expect((error as Error).message).toMatch(/^Invalid State Machine Definition: '[A-Z_]+: .*Nowhere.*'$/);
  });

  it('a definition that is not JSON is InvalidDefinition with INVALID_JSON_DESCRIPTION', async () => {
    await expect(create('nojson', '{"StartAt": ')).rejects.toThrow(/INVALID_JSON_DESCRIPTION/);
  });

  it('a malformed state machine ARN is InvalidArn; an unknown one StateMachineDoesNotExist', async () => {
    await expect(
      lab.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'nope' })),
    ).rejects.toBeInstanceOf(InvalidArn);
    const missing = 'arn:aws:states:us-east-1:000000000000:stateMachine:missing';
    await expect(lab.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: missing }))).rejects.toThrow(
      new StateMachineDoesNotExist({ message: `State Machine Does Not Exist: '${missing}'`, $metadata: {} })
        .message,
    );
  });
});

describe('ValidateStateMachineDefinition', () => {
  it('a good definition is OK with no diagnostics', async () => {
    expect(
      await lab.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: passThrough })),
    ).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
  });

  it('a JSONPath state inside a JSONata machine is FAIL with SCHEMA_VALIDATION_FAILED at the state', async () => {
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
    });
    const result = await lab.sfn.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(result.result).toBe('FAIL');
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A' }),
    );
  });
});

describe('resources and Map modes the lab cannot run are refused when the machine is defined', () => {
  const task = (Resource: string) =>
    JSON.stringify({
      StartAt: 'Start Child',
      States: { 'Start Child': { Type: 'Task', Resource, End: true } },
    });

  it.each([
    [
      'arn:aws:states:::lambda:invoke.sync',
      'The resource provided arn:aws:states:::lambda:invoke.sync is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.',
    ],
    [
      'arn:aws:states:::aws-sdk:sfn:startExecution.sync',
      'The resource provided arn:aws:states:::aws-sdk:sfn:startExecution.sync is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.',
    ],
    [
      'arn:aws:states:::states:startExecution.sync:2',
      "The lab cannot run arn:aws:states:::states:startExecution.sync:2: it has no '.sync' (Run a Job) integrations, though AWS runs this resource",
    ],
  ])(
    '%s: CreateStateMachine is InvalidDefinition naming the resource and the state',
    async (resource, message) => {
      await expect(create('child-runner', task(resource))).rejects.toThrow(
        new InvalidDefinition({
          message: `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${message} at /States/Start Child/Resource'`,
          $metadata: {},
        }).message,
      );
      const validated = await lab.sfn.send(
        new ValidateStateMachineDefinitionCommand({ definition: task(resource) }),
      );
      expect(validated).toMatchObject({
        result: 'FAIL',
        diagnostics: [
          {
            severity: 'ERROR',
            code: 'SCHEMA_VALIDATION_FAILED',
            message,
            location: '/States/Start Child/Resource',
          },
        ],
      });
    },
  );

  it('a distributed Map over an S3 listing is OK; a Parquet ItemReader is FAIL, saying what the lab reads', async () => {
    const map = (ReaderConfig?: object) =>
      JSON.stringify({
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemReader: {
              Resource: ReaderConfig ? 'arn:aws:states:::s3:getObject' : 'arn:aws:states:::s3:listObjectsV2',
              ...(ReaderConfig ? { ReaderConfig } : {}),
              Parameters: { Bucket: 'b', Key: 'k' },
            },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'I',
              States: { I: { Type: 'Succeed' } },
            },
            End: true,
          },
        },
      });
    const ok = await lab.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: map() }));
    expect(ok.result).toBe('OK');
    const definition = map({ InputType: 'PARQUET' });
    const validated = await lab.sfn.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(validated.result).toBe('FAIL');
    expect(validated.diagnostics!.map((d) => [d.location, d.message])).toEqual([
      [
        '/States/Each/ItemReader/ReaderConfig/InputType',
        "The lab's ItemReader reads InputType JSON, JSONL, CSV only, not 'PARQUET'",
      ],
    ]);
    await expect(create('each', definition)).rejects.toBeInstanceOf(InvalidDefinition);
  });
});

describe('UpdateStateMachine, ListStateMachines, DeleteStateMachine', () => {
  it('an updated definition is what the next execution runs, and substitutions fill its placeholders', async () => {
    const { stateMachineArn } = await create('greeter');
    const updated = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: '${Greeting}', End: true } },
    });
    const { updateDate } = await lab.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: updated }),
    );
    expect(updateDate).toBeInstanceOf(Date);
    const { executionArn } = await lab.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await lab.settled(executionArn!);
    expect((await lab.sfn.send(new DescribeExecutionCommand({ executionArn }))).output).toBe('"hi there"');
    expect((await lab.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).definition).toBe(
      updated,
    );
  });

  it('lists every machine across pages of maxResults', async () => {
    for (const name of ['a', 'b', 'c']) await create(name);
    const first = await lab.sfn.send(new ListStateMachinesCommand({ maxResults: 2 }));
    expect(first.stateMachines!.map((m) => m.name)).toEqual(['a', 'b']);
    const second = await lab.sfn.send(
      new ListStateMachinesCommand({ maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.stateMachines!.map((m) => m.name)).toEqual(['c']);
    expect(second.nextToken).toBeUndefined();
  });

  it('a deleted machine can no longer be described or started', async () => {
    const { stateMachineArn } = await create('gone');
    await lab.sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await expect(lab.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).rejects.toBeInstanceOf(
      StateMachineDoesNotExist,
    );
    await expect(lab.sfn.send(new StartExecutionCommand({ stateMachineArn }))).rejects.toBeInstanceOf(
      StateMachineDoesNotExist,
    );
  });
});

describe('EXPRESS state machines', () => {
  it('refuse a .waitForTaskToken integration, naming the state', async () => {
    const definition = JSON.stringify({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'q', MessageBody: 'x' },
          End: true,
        },
      },
    });
    await expect(
      lab.sfn.send(
        new CreateStateMachineCommand({ name: 'fast', definition, roleArn: ROLE, type: 'EXPRESS' }),
      ),
    ).rejects.toThrow(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/Ask/Resource'",
    );
    const validated = await lab.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition, type: 'EXPRESS' }),
    );
    expect(validated.result).toBe('FAIL');
  });
});
