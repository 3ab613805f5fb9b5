import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import type { CallFunction } from './call-function';

export interface CallbackSchedulerProps {
  /** The only function the schedules may invoke (place-call). */
  readonly target: CallFunction;
}

/**
 * Scheduled callbacks: a schedule group of this stack's own, and the role EventBridge Scheduler assumes to run a
 * schedule, which may invoke only the call-placing function.
 */
export class CallbackScheduler extends Construct {
  readonly scheduleGroupName: string;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CallbackSchedulerProps) {
    super(scope, id);
    const group = new scheduler.CfnScheduleGroup(this, 'Group', {
      name: `${Stack.of(this).stackName}-callbacks`,
    });
    this.scheduleGroupName = group.ref;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler runs callbacks with this role: it may invoke only place-call',
    });
    props.target.grantInvoke(this.role);
  }

  /** Create and delete schedules in this group, and hand the scheduler role to them (and nothing else). */
  grantManageSchedules(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
      resourceArns: [this.schedulesArn()],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  }

  /** `arn:…:schedule/<group>/*`: every schedule in this group, none outside it. */
  schedulesArn(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroupName}/*`,
    });
  }

  /** The IAM5 finding the schedule wildcard raises. */
  get scheduleFinding(): string {
    return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/<${Stack.of(this).getLogicalId(this.node.findChild('Group') as scheduler.CfnScheduleGroup)}>/*]`;
  }
}
