import { readFileSync } from 'node:fs';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SOURCE_TAG, sourceHash } from '../console-edits';
import { acknowledge } from '../nag';
import { PERSONAL_PLACEHOLDERS, PLACEHOLDER_TAG_PREFIX } from '../placeholders';

export interface CallFlowProps {
  /** The workflow's name (its file name without `.asl.json`), e.g. `business-line`. */
  readonly name: string;
  /** Path of the `*.asl.json` file; deployed as written. */
  readonly definitionFile: string;
  /** Values for its `${Name}` placeholders. */
  readonly substitutions: Record<string, string>;
  /** Encrypts the definition, execution history and logs. */
  readonly encryptionKey: kms.IKey;
  /** @default 3 months */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * One call flow: a Standard state machine (Express has no `.waitForTaskToken`) built from a workflow file, with
 * deploy-time values filled by DefinitionSubstitutions, encrypted with our key, traced, and logging only errors
 * without execution data, so callers' numbers, digits and words stay out of the logs.
 */
export class CallFlow extends Construct {
  /** The state machine's name: `<stack>-<workflow>`. Known before deployment, which breaks the router ↔ flow cycle. */
  static stateMachineName(scope: Construct, workflow: string): string {
    return `${Stack.of(scope).stackName}-${workflow}`.slice(0, 80);
  }

  /** The ARN the state machine of `workflow` will have in this stack. */
  static stateMachineArn(scope: Construct, workflow: string): string {
    return Stack.of(scope).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: CallFlow.stateMachineName(scope, workflow),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Every execution of the state machine of `workflow`: `arn:…:execution:<name>:*`. */
  static executionsArn(scope: Construct, workflow: string): string {
    return CallFlow.executionsNamed(scope, CallFlow.stateMachineName(scope, workflow), '*');
  }

  /** The executions of the state machine `stateMachineName` named like `pattern`: `arn:…:execution:<name>:<pattern>`. */
  static executionsNamed(scope: Construct, stateMachineName: string, pattern: string): string {
    return Stack.of(scope).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:${pattern}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  readonly stateMachine: sfn.StateMachine;
  readonly name: string;

  constructor(scope: Construct, id: string, props: CallFlowProps) {
    super(scope, id);
    this.name = props.name;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${CallFlow.stateMachineName(this, props.name)}`,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const source = readFileSync(props.definitionFile, 'utf8');
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: CallFlow.stateMachineName(this, props.name),
      stateMachineType: sfn.StateMachineType.STANDARD,
      // Inline (not an S3 asset): the template shows exactly what is deployed.
      definitionBody: sfn.DefinitionBody.fromString(source),
      definitionSubstitutions: props.substitutions,
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(props.encryptionKey),
      logs: { destination: logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
      tracingEnabled: true,
    });
    // What each placeholder became, so infra/pull-workflow.ts can restore them in a definition edited in the console.
    const resource = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    // Phone numbers are personal data and stay out of tags (tags show up in billing, Resource Explorer, …).
    for (const [name, value] of Object.entries(props.substitutions)) {
      if ((PERSONAL_PLACEHOLDERS as readonly string[]).includes(name)) continue;
      resource.tags.setTag(`${PLACEHOLDER_TAG_PREFIX}${name}`, value);
    }
    // What the repo held at this deploy, so a later deploy can tell a console edit from it (infra/console-edits.ts).
    resource.tags.setTag(SOURCE_TAG, sourceHash(source));
    acknowledge(
      this.stateMachine,
      'Logging is deliberately at ERROR without execution data: execution data holds callers numbers, digits and ' +
        'words, which must stay out of logs. Execution history (encrypted with our key) keeps the full detail.',
      'AwsSolutions-SF1',
    );
    acknowledge(
      this.stateMachine.role,
      'X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) and CloudWatch Logs delivery (CreateLogDelivery, ' +
        '…) accept only "*" (Service Authorization Reference); aws-cdk-lib adds exactly these for tracing and logging.',
      'AwsSolutions-IAM5[Resource::*]',
    );
  }

  get role(): iam.IRole {
    return this.stateMachine.role;
  }
}
