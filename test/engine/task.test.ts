import { describe, expect, it } from 'vitest';
import { ata, echo, fails, machine, one, runCases, TASK } from './harness';
import { runToCompletion, type TaskInvocation } from '../../lab/engine';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:greet';
const SQS = 'arn:aws:states:::sqs:sendMessage';
const START = 'arn:aws:states:::states:startExecution';

describe('Task state', () => {
  runCases([
    {
      name: 'the integration result becomes the output',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, Parameters: { a: 1 } }),
      output: { a: 1 },
    },
    {
      name: 'a bare Lambda function ARN is a resource too',
      ref: '§9.1',
      definition: one({ Type: 'Task', Resource: LAMBDA }),
      integrations: { [LAMBDA]: async (t) => ({ hello: (t.parameters as { name: string }).name }) },
      input: { name: 'Ana' },
      output: { hello: 'Ana' },
    },
    {
      name: 'a thrown StatesError keeps its name and cause',
      ref: '§9.5',
      definition: one({ Type: 'Task', Resource: TASK }),
      integrations: {
        [TASK]: fails('DynamoDB.ConditionalCheckFailedException', 'The conditional request failed'),
      },
      error: 'DynamoDB.ConditionalCheckFailedException',
      cause: 'The conditional request failed',
    },
    {
      name: 'any other throw becomes States.TaskFailed with the message as cause',
      ref: '§6.5',
      definition: one({ Type: 'Task', Resource: TASK }),
      integrations: { [TASK]: async () => Promise.reject(new Error('socket hang up')) },
      error: 'States.TaskFailed',
      cause: 'socket hang up',
    },
    {
      name: 'a synchronous throw is a task failure too',
      ref: '§6.5',
      definition: one({ Type: 'Task', Resource: TASK }),
      integrations: {
        [TASK]: (() => {
          throw new Error('sync');
        }) as never,
      },
      error: 'States.TaskFailed',
      cause: 'sync',
    },
    {
      name: 'an unknown Lambda function fails with Lambda.ResourceNotFoundException',
      ref: '§9.1',
      definition: one({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:nope' }),
      integrations: {},
      error: 'Lambda.ResourceNotFoundException',
    },
    {
      name: 'an unknown service integration is refused at definition time',
      ref: '§1.2',
      definition: one({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:query' }),
      integrations: {},
      invalid: {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/Resource',
        message: /is not recognized/,
      },
    },
    {
      name: 'a .sync form AWS runs but no integration serves is refused, not run as request-response',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: `${START}.sync:2` }),
      integrations: { [START]: echo },
      invalid: {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/Resource',
        message: `The lab cannot run ${START}.sync:2: it has no '.sync' (Run a Job) integrations, though AWS runs this resource`,
      },
    },
    {
      name: 'an integration registered for the .sync resource itself runs it, told the pattern',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: `${START}.sync` }),
      integrations: { [`${START}.sync`]: async (t) => ({ pattern: t.pattern, base: t.baseResource }) },
      output: { pattern: 'sync', base: START },
    },
    ...[
      'arn:aws:states:::lambda:invoke.sync',
      'arn:aws:states:::sqs:sendMessage.sync',
      'arn:aws:states:::aws-sdk:dynamodb:getItem.sync:2',
    ].map((resource) => ({
      name: `${resource}, which AWS does not recognise either, is refused even when an integration is registered for it`,
      ref: '§9.5',
      definition: one({ Type: 'Task', Resource: resource }),
      integrations: { [resource]: echo },
      invalid: {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/Resource',
        message: `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
      },
    })),
    {
      name: 'the integration is given the resource, base resource, pattern and state',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: `${SQS}`, Parameters: { QueueUrl: 'q', MessageBody: 'm' } }),
      integrations: {
        [SQS]: async (t: TaskInvocation) => ({
          resource: t.resource,
          base: t.baseResource,
          pattern: t.pattern,
          state: t.stateName,
          exec: t.executionArn.split(':').pop(),
          params: t.parameters,
        }),
      },
      output: {
        resource: SQS,
        base: SQS,
        pattern: 'request-response',
        state: 'A',
        exec: 'run-1',
        params: { QueueUrl: 'q', MessageBody: 'm' },
      },
    },
    {
      name: 'history: TaskScheduled carries resourceType, resource, region and parameters as JSON',
      ref: '§5.2',
      definition: one({
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:dynamodb:query',
        Parameters: { TableName: 't' },
        TimeoutSeconds: 30,
      }),
      integrations: { 'arn:aws:states:::aws-sdk:dynamodb:query': async () => ({ Items: [] }) },
      output: { Items: [] },
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const h = r.execution.history();
        expect(h.map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'TaskStateEntered',
          'TaskScheduled',
          'TaskStarted',
          'TaskSucceeded',
          'TaskStateExited',
          'ExecutionSucceeded',
        ]);
        expect(h[2]!.taskScheduledEventDetails).toEqual({
          resourceType: 'aws-sdk:dynamodb',
          resource: 'query',
          region: 'us-east-1',
          parameters: '{"TableName":"t"}',
          timeoutInSeconds: 30,
        });
        expect(h[4]!.taskSucceededEventDetails).toEqual({
          resourceType: 'aws-sdk:dynamodb',
          resource: 'query',
          output: '{"Items":[]}',
          outputDetails: { truncated: false },
        });
      },
    },
    {
      name: 'history: a failed task records TaskFailed with error and cause',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK }),
      integrations: { [TASK]: async () => Promise.reject(new Error('nope')) },
      error: 'States.TaskFailed',
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const failed = r.execution.history().find((e) => e.type === 'TaskFailed')!;
        expect(failed.taskFailedEventDetails).toEqual({
          resourceType: 'lambda',
          resource: 'invoke',
          error: 'States.TaskFailed',
          cause: 'nope',
        });
      },
    },
    {
      name: 'history: a bare Lambda ARN records LambdaFunction* events',
      ref: '§9.1',
      definition: one({ Type: 'Task', Resource: LAMBDA }),
      integrations: { [LAMBDA]: echo },
      output: {},
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        expect(r.execution.history().map((e) => e.type)).toContain('LambdaFunctionSucceeded');
      },
    },
    {
      name: 'a JSONata Task with Arguments and Output',
      ref: '§3.3',
      definition: ata({
        Type: 'Task',
        Resource: TASK,
        Arguments: { n: '{% $states.input.n %}' },
        Output: '{% $states.result.n * 2 %}',
      }),
      input: { n: 4 },
      output: 8,
    },
    {
      name: 'Arguments may read the context object',
      ref: '§3.2',
      definition: ata({ Type: 'Task', Resource: TASK, Arguments: { s: '{% $states.context.State.Name %}' } }),
      output: { s: 'A' },
    },
    {
      name: 'a JSONata Output failure on a Task is catchable',
      ref: '§3.5',
      definition: machine(
        {
          T: {
            Type: 'Task',
            Resource: TASK,
            Output: '{% $states.result.none %}',
            Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'E' }],
            End: true,
          },
          E: { Type: 'Pass', Output: '{% $states.input.Error %}', End: true },
        },
        { QueryLanguage: 'JSONata' },
      ),
      output: 'States.QueryEvaluationError',
    },
    {
      name: 'definition substitutions fill ${Name} placeholders before the run',
      ref: '§9.7',
      definition: '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Fn}","End":true}}}',
      substitutions: { Fn: LAMBDA },
      integrations: { [LAMBDA]: async () => 'ran' },
      output: 'ran',
    },
    {
      name: 'substitutions work inside strings and numbers',
      ref: '§9.7',
      definition:
        '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"table":"${Table}","n":${N}},"End":true}}}',
      substitutions: { Table: 'calls', N: '3' },
      output: { table: 'calls', n: 3 },
    },
    {
      name: 'an unknown placeholder in a typed field is a validation error',
      ref: '§9.7',
      definition: '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Missing}","End":true}}}',
      substitutions: {},
      invalid: { code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/Resource' },
    },
  ]);

  it('the integration receives an abort signal and the lab clock', async () => {
    let seen: TaskInvocation | undefined;
    const r = await runToCompletion(
      one({ Type: 'Task', Resource: TASK }),
      {},
      { integrations: { [TASK]: async (t) => ((seen = t), 1) } },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(seen!.signal.aborted).toBe(false);
    expect(typeof seen!.clock.now()).toBe('number');
  });
});

describe('payload limits', () => {
  runCases([
    {
      name: 'a task result over 256 KiB is States.DataLimitExceeded',
      ref: '§9.8',
      definition: one({ Type: 'Task', Resource: TASK }),
      integrations: { [TASK]: async () => 'x'.repeat(262_145) },
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${TASK}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    },
    {
      name: 'States.DataLimitExceeded from a task result is caught by States.ALL',
      ref: '§11.5',
      definition: machine({
        T: {
          Type: 'Task',
          Resource: TASK,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.e' }],
          End: true,
        },
        H: { Type: 'Pass', OutputPath: '$.e.Error', End: true },
      }),
      integrations: { [TASK]: async () => 'x'.repeat(262_145) },
      output: 'States.DataLimitExceeded',
    },
  ]);
});

describe('state payload limits', () => {
  runCases([
    {
      name: 'a state output over 256 KiB fails the execution with States.DataLimitExceeded',
      ref: '§9.8',
      definition: one({ Type: 'Pass', Parameters: { 'big.$': "States.Format('{}{}', $.s, $.s)" } }),
      input: { s: 'y'.repeat(140_000) },
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'A' returned a result with a size exceeding the maximum number of bytes service limit.",
    },
    {
      name: 'an execution input over 256 KiB fails at once with States.DataLimitExceeded',
      ref: '§8.3',
      definition: one({ Type: 'Pass' }),
      input: { s: 'z'.repeat(262_144) },
      error: 'States.DataLimitExceeded',
    },
  ]);
});
