import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { CallFunction } from './call-function';
import { CallFlow } from './call-flow';
import { callQueuesArn, CALL_QUEUE_PREFIX } from './event-router';

export interface CallSweeperProps {
  /** `functions/sweeper/index.ts` */
  readonly entry: string;
  /** The call flows whose executions it may stop. */
  readonly callFlows: readonly CallFlow[];
  readonly stateMachineKey: kms.IKey;
  /** @default 15 */
  readonly sweepAfterMinutes?: number;
  /** @default 240 */
  readonly maxCallMinutes?: number;
  /** @default every 10 minutes */
  readonly every?: Duration;
}

/** Removes what crashed calls leave behind: call queues without a live execution, executions without a call. */
export class CallSweeper extends Construct {
  readonly handler: CallFunction;

  constructor(scope: Construct, id: string, props: CallSweeperProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stateMachineArns = props.callFlows.map((f) => f.stateMachine.stateMachineArn);
    this.handler = new CallFunction(this, 'Handler', {
      entry: props.entry,
      description: 'Stops abandoned call executions and deletes call queues left behind',
      timeout: Duration.minutes(5),
      environment: {
        STATE_MACHINE_ARNS: stack.toJsonString(stateMachineArns),
        SWEEP_AFTER_MINUTES: String(props.sweepAfterMinutes ?? 15),
        MAX_CALL_MINUTES: String(props.maxCallMinutes ?? 240),
      },
    });
    const role = this.handler.role;
    const accountQueues = stack.formatArn({
      service: 'sqs',
      resource: '*',
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:ListQueues'], resources: [accountQueues] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags', 'sqs:DeleteQueue'],
        resources: [callQueuesArn(this)],
      }),
    );
    if (props.callFlows.length > 0) this.grantCallFlows(props.callFlows, props.stateMachineKey);
    new events.Rule(this, 'Schedule', {
      description: 'Runs the call sweeper',
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(10)),
      targets: [new targets.LambdaFunction(this.handler.function, { retryAttempts: 0 })],
    });
    acknowledge(
      role,
      'ListQueues is authorized per account (resource arn:…:sqs:<region>:<account>:*); the sweeper narrows it with ' +
        `QueueNamePrefix=${CALL_QUEUE_PREFIX}, and every action on a queue is limited to ${CALL_QUEUE_PREFIX}*.`,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:*]',
    );
    acknowledge(
      role,
      `Call queues are created per call at run time (${CALL_QUEUE_PREFIX}<TransactionId>); the prefix is the narrowest resource.`,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${CALL_QUEUE_PREFIX}*]`,
    );
  }

  /** List, inspect and stop the executions of our call flows, and decrypt what DescribeExecution returns. */
  private grantCallFlows(callFlows: readonly CallFlow[], key: kms.IKey): void {
    const role = this.handler.role;
    const stateMachineArns = callFlows.map((f) => f.stateMachine.stateMachineArn);
    const executions = callFlows.map((f) => CallFlow.executionsArn(this, f.name));
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['states:ListExecutions'], resources: stateMachineArns }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: executions,
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': stateMachineArns },
        },
      }),
    );
    acknowledge(
      role,
      'Executions are named per call at run time; the resource is limited to the executions of our call flows.',
      ...callFlows.map(
        (f) =>
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${CallFlow.stateMachineName(this, f.name)}:*]`,
      ),
    );
  }
}
