import { Stack } from 'aws-cdk-lib';
import { CfnSipMediaApplication } from 'aws-cdk-lib/aws-chime';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface PstnAudioApplicationProps {
  /** The Lambda function PSTN audio invokes for every call event (the event router). */
  readonly endpoint: lambda.IFunction;
  /** @default the stack name */
  readonly name?: string;
}

/**
 * The SIP media application: PSTN audio's handle on our event router. Only this application, in this account, may
 * invoke the router.
 */
export class PstnAudioApplication extends Construct {
  readonly sipMediaApplicationId: string;
  readonly sipMediaApplicationArn: string;

  constructor(scope: Construct, id: string, props: PstnAudioApplicationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const application = new CfnSipMediaApplication(this, 'Resource', {
      awsRegion: stack.region,
      name: props.name ?? stack.stackName,
      endpoints: [{ lambdaArn: props.endpoint.functionArn }],
    });
    this.sipMediaApplicationId = application.attrSipMediaApplicationId;
    this.sipMediaApplicationArn = application.attrSipMediaApplicationArn;
    props.endpoint.addPermission('PstnAudioInvokes', {
      principal: new iam.ServicePrincipal('voiceconnector.chime.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: this.sipMediaApplicationArn,
    });
  }

  /** Start outbound calls and update running calls of this application (CreateSipMediaApplicationCall, Update…). */
  grantCallControl(grantee: iam.IGrantable, ...actions: ('create' | 'update')[]): iam.Grant {
    const wanted = actions.length > 0 ? actions : (['create', 'update'] as const);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: wanted.map((a) =>
        a === 'create' ? 'chime:CreateSipMediaApplicationCall' : 'chime:UpdateSipMediaApplicationCall',
      ),
      resourceArns: [this.sipMediaApplicationArn],
    });
  }
}
