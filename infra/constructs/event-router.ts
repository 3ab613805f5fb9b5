import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { CallFlow } from './call-flow';
import { CallFunction } from './call-function';

/** Every call queue is named `call-<TransactionId>`; grants on queues use this prefix. */
export const CALL_QUEUE_PREFIX = 'call-';

export function callQueuesArn(scope: Construct): string {
  return Stack.of(scope).formatArn({
    service: 'sqs',
    resource: `${CALL_QUEUE_PREFIX}*`,
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
}

export interface RoutedNumber {
  readonly phoneNumber: string;
  readonly stateMachineArn: string;
  /** Its name: the router may look at and stop only its executions named `call-*`. */
  readonly stateMachineName: string;
}

export interface EventRouterProps {
  /** `functions/event-router/index.ts` */
  readonly entry: string;
  /** Which state machine each number starts. */
  readonly callFlows: readonly RoutedNumber[];
  /** The key the state machines are encrypted with (starting an execution and sending task results use it). */
  readonly stateMachineKey: kms.IKey;
  /** `bucket/key` of the hold audio the router plays while a workflow is busy. @default a short Pause */
  readonly holdAudio?: string;
}

/**
 * The generic event router PSTN audio invokes: it creates a call queue per call, starts the number's call flow and
 * trades actions and results with it. Permissions: call queues only, the listed state machines only.
 */
export class EventRouter extends Construct {
  readonly handler: CallFunction;
  readonly digitsKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: EventRouterProps) {
    super(scope, id);
    this.digitsKey = new secretsmanager.Secret(this, 'DigitsKey', {
      description: 'Key the event router uses to keep DTMF digits out of logs and execution history',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      encryptionKey: props.stateMachineKey,
    });
    acknowledge(
      this.digitsKey,
      'The digits key protects digits for the length of one call; rotating it needs no migration, and a rotation ' +
        'Lambda would be more code than the key it rotates. Rotate it as docs/deploy.md says (rotating the digits key).',
      'AwsSolutions-SMG4',
    );

    const callFlows = `{${props.callFlows.map((f) => `"${f.phoneNumber}":"${f.stateMachineArn}"`).join(',')}}`;
    this.handler = new CallFunction(this, 'Handler', {
      entry: props.entry,
      description: 'PSTN audio event router: one call queue and one workflow execution per call',
      memorySize: 512,
      // Each turn is answered within the router's turn budget (4 s); the final hang-up also cleans up the queue.
      timeout: Duration.seconds(20),
      environment: {
        CALL_FLOWS: callFlows,
        DIGITS_KEY_SECRET_ARN: this.digitsKey.secretArn,
        ...(props.holdAudio ? { HOLD_AUDIO: props.holdAudio } : {}),
      },
    });
    const role = this.handler.role;
    this.digitsKey.grantRead(role);
    const queues = callQueuesArn(this);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'sqs:CreateQueue',
          'sqs:TagQueue',
          'sqs:GetQueueUrl',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:DeleteQueue',
        ],
        resources: [queues],
      }),
    );
    const flowArns = props.callFlows.map((f) => f.stateMachineArn);
    if (flowArns.length > 0) {
      this.grantCallFlows(flowArns, props.stateMachineKey);
      this.grantCallExecutions(props.callFlows);
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: ['*'],
      }),
    );
    acknowledge(
      role,
      'SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat take a task token, not a resource: the Service ' +
        'Authorization Reference lists no resource type for them, so "*" is the only resource they accept.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      role,
      'Call queues are created per call at run time (call-<TransactionId>); the prefix is the narrowest resource.',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${CALL_QUEUE_PREFIX}*]`,
    );
  }

  /** Start the call flows, and use their key for execution input and task results. */
  private grantCallFlows(flowArns: string[], key: kms.IKey): void {
    const role = this.handler.role;
    role.addToPolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: flowArns }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': flowArns } },
      }),
    );
  }

  /**
   * A caller who hangs up while the workflow is between turns, or a workflow that stopped answering, is settled with
   * DescribeExecution and StopExecution on that call's execution (`call-<TransactionId>`) — nothing else.
   */
  private grantCallExecutions(callFlows: readonly RoutedNumber[]): void {
    const pattern = `${CALL_QUEUE_PREFIX}*`;
    this.handler.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: callFlows.map((f) => CallFlow.executionsNamed(this, f.stateMachineName, pattern)),
      }),
    );
    acknowledge(
      this.handler.role,
      'Executions are named per call at run time (call-<TransactionId>); the resource is limited to those executions of our call flows.',
      ...callFlows.map(
        (f) =>
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${f.stateMachineName}:${pattern}]`,
      ),
    );
  }

  get function() {
    return this.handler.function;
  }
}
