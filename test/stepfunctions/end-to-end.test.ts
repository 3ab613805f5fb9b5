/**
 * A call-flow-shaped workflow written for AWS (JSONata, variables, the SQS callback pattern) runs
 * unchanged on the lab: engine + real local SQS + the API, driven through the AWS SDK and the AWS CLI.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrations, type Integrations } from '../../lab/stepfunctions';
import { ROLE, startLab, type Lab } from './harness';
import { credentials, region, startSqs, type Running } from './local-services';

const flow = {
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: {
      Type: 'Pass',
      Assign: {
        business: '${BusinessName}',
        queue: '{% $states.input.QueueUrl %}',
        callId: "{% $states.input.Event.CallDetails.Participants[ParticipantTag = 'LEG-A'].CallId %}",
      },
      Next: 'Greet',
    },
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Arguments: {
        QueueUrl: '{% $queue %}',
        MessageBody: {
          SchemaVersion: '1.0',
          Actions: [
            {
              Type: 'Speak',
              Parameters: { CallId: '{% $callId %}', Text: "{% 'Thanks for calling ' & $business %}" },
            },
          ],
          TransactionAttributes: { WaitToken: '{% $states.context.Task.Token %}', QueueUrl: '{% $queue %}' },
        },
      },
      // an Assign is seen from the next state on, so Output reads the result itself
      Assign: { pressed: '{% $states.result.ActionData.ReceivedDigits %}' },
      Output: '{% {"pressed": $states.result.ActionData.ReceivedDigits, "business": $business} %}',
      End: true,
    },
  },
};

let lab: Lab;
let sqs: Running;
let sqsClient: SQSClient;
let integrations: Integrations;
beforeAll(async () => {
  sqs = await startSqs();
  const clientConfig = { endpoint: sqs.endpoint, region, credentials };
  integrations = createIntegrations({ clientConfig });
  sqsClient = new SQSClient(clientConfig);
  lab = await startLab({ integrations, substitutions: { BusinessName: 'Ana Bakery' } });
});
afterAll(async () => {
  await lab.close();
  integrations.close();
  sqsClient.destroy();
  await sqs.close();
});

describe('a callback workflow written for AWS', () => {
  it('puts the PSTN response on the call queue and finishes with what SendTaskSuccess delivers', async () => {
    const QueueUrl = (await sqsClient.send(new CreateQueueCommand({ QueueName: 'call-t1' }))).QueueUrl!;
    const { stateMachineArn } = await lab.sfn.send(
      new CreateStateMachineCommand({ name: 'line', definition: JSON.stringify(flow), roleArn: ROLE }),
    );
    const { executionArn } = await lab.sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: 'call-t1',
        input: JSON.stringify({
          QueueUrl,
          Event: { CallDetails: { Participants: [{ CallId: 'leg-a', ParticipantTag: 'LEG-A' }] } },
        }),
      }),
    );

    const received = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    const response = JSON.parse(received.Messages![0]!.Body!) as {
      Actions: { Parameters: { Text: string } }[];
      TransactionAttributes: { WaitToken: string; QueueUrl: string };
    };
    expect(response.Actions[0]!.Parameters.Text).toBe('Thanks for calling Ana Bakery');
    expect(response.TransactionAttributes.QueueUrl).toBe(QueueUrl);

    await lab.sfn.send(
      new SendTaskSuccessCommand({
        taskToken: response.TransactionAttributes.WaitToken,
        output: JSON.stringify({ ActionData: { ReceivedDigits: '1' } }),
      }),
    );
    await lab.settled(executionArn!);
    const described = await lab.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ pressed: '1', business: 'Ana Bakery' });
  });
});

const aws = await promisify(execFile)('aws', ['--version']).then(
  () => true,
  () => false,
);

describe.skipIf(!aws)('the AWS CLI', () => {
  it('lists state machines and reads an error the SDK way, with --endpoint-url', async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'lab',
      AWS_SECRET_ACCESS_KEY: 'lab',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    const run = (args: string[]) =>
      promisify(execFile)('aws', ['--endpoint-url', lab.url, 'stepfunctions', ...args], { env });
    const listed = JSON.parse((await run(['list-state-machines'])).stdout) as {
      stateMachines: { name: string }[];
    };
    expect(listed.stateMachines.map((m) => m.name)).toContain('line');
    const failed = await run([
      'describe-execution',
      '--execution-arn',
      'arn:aws:states:us-east-1:000000000000:execution:line:nope',
    ]).catch((e: { stderr: string }) => e);
    expect((failed as { stderr: string }).stderr).toContain('ExecutionDoesNotExist');
  });
});
