import { fileURLToPath } from 'node:url';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledge, BASIC_EXECUTION_ROLE_FINDING, functionVersionsFinding } from '../nag';
import { CallFunction } from './call-function';

const handlerEntry = (folder: string) =>
  fileURLToPath(new URL(`../custom-resources/${folder}/index.ts`, import.meta.url));

export interface PhoneLineProps {
  /** Short name of the line, used in the SIP rule's name, e.g. `business-line`. */
  readonly name: string;
  /** Order a new local number in this area code… */
  readonly areaCode?: string;
  /** …or route a number the account already owns. Exactly one of the two. */
  readonly phoneNumber?: string;
}

/**
 * One phone number for one call flow: ordered in an area code (and released when the stack is deleted) or brought
 * along; `routeTo` adds the SIP rule that sends its calls to the SIP media application.
 */
export class PhoneLine extends Construct {
  /** The line's E.164 number (a deploy-time token when it is ordered). */
  readonly phoneNumber: string;
  /** Whether the stack ordered the number (and releases it on delete). */
  readonly ordered: boolean;
  private readonly lineName: string;

  constructor(scope: Construct, id: string, props: PhoneLineProps) {
    super(scope, id);
    if ((props.areaCode === undefined) === (props.phoneNumber === undefined)) {
      throw new Error(`PhoneLine ${props.name}: give exactly one of areaCode and phoneNumber`);
    }
    this.lineName = props.name;
    this.ordered = props.areaCode !== undefined;
    if (props.areaCode !== undefined) {
      const order = new CustomResource(this, 'Number', {
        serviceToken: PhoneProviders.of(this).numberOrder,
        resourceType: 'Custom::PhoneNumberOrder',
        // The handler picks the country (US or CA) from the area code.
        properties: { AreaCode: props.areaCode },
      });
      this.phoneNumber = order.getAttString('PhoneNumber');
    } else {
      this.phoneNumber = props.phoneNumber!;
    }
  }

  /** Send this number's calls to the SIP media application. */
  routeTo(sipMediaApplicationId: string): void {
    const stack = Stack.of(this);
    new CustomResource(this, 'SipRule', {
      serviceToken: PhoneProviders.of(this).sipRule,
      resourceType: 'Custom::SipRule',
      properties: {
        Name: `${stack.stackName}-${this.lineName}`.slice(0, 200),
        PhoneNumber: this.phoneNumber,
        SipMediaApplicationId: sipMediaApplicationId,
        Region: stack.region,
      },
    });
  }
}

/** The two custom-resource providers, one of each per stack. */
class PhoneProviders extends Construct {
  static of(scope: Construct): PhoneProviders {
    const stack = Stack.of(scope);
    return (
      (stack.node.tryFindChild('PhoneProviders') as PhoneProviders) ??
      new PhoneProviders(stack, 'PhoneProviders')
    );
  }

  readonly numberOrder: string;
  readonly sipRule: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const onEvent = new CallFunction(this, 'NumberOrderOnEvent', {
      entry: handlerEntry('phone-number-order'),
      handler: 'onEvent',
      description: 'Orders (and releases) a phone number for the SIP media application',
      timeout: Duration.minutes(2),
    });
    const isComplete = new CallFunction(this, 'NumberOrderIsComplete', {
      entry: handlerEntry('phone-number-order'),
      handler: 'isComplete',
      description: 'Checks whether a phone number order has completed',
      timeout: Duration.seconds(30),
    });
    const rule = new CallFunction(this, 'SipRuleOnEvent', {
      entry: handlerEntry('sip-rule'),
      description: 'Creates, updates and deletes (disables first) the SIP rule of a phone line',
      handler: 'onEvent',
      timeout: Duration.minutes(1),
    });
    const ruleGone = new CallFunction(this, 'SipRuleIsComplete', {
      entry: handlerEntry('sip-rule'),
      description: 'Deletes a SIP rule once it reads back disabled',
      handler: 'isComplete',
      timeout: Duration.seconds(30),
    });
    const chime = (fn: CallFunction, actions: string[]) => {
      fn.role.addToPolicy(
        new iam.PolicyStatement({ actions: actions.map((a) => `chime:${a}`), resources: ['*'] }),
      );
      acknowledge(
        fn.role,
        'Chime SDK Voice phone-number and SIP-rule actions do not support resource-level permissions (Service ' +
          'Authorization Reference, Amazon Chime): the resource must be "*".',
        'AwsSolutions-IAM5[Resource::*]',
      );
    };
    chime(onEvent, [
      'ListPhoneNumbers',
      'ListPhoneNumberOrders',
      'SearchAvailablePhoneNumbers',
      'CreatePhoneNumberOrder',
      'GetPhoneNumber',
      'DeletePhoneNumber',
    ]);
    chime(isComplete, ['GetPhoneNumberOrder', 'GetPhoneNumber', 'DeletePhoneNumber']);
    chime(rule, ['CreateSipRule', 'ListSipRules', 'UpdateSipRule', 'GetSipRule', 'DeleteSipRule']);
    chime(ruleGone, ['GetSipRule', 'UpdateSipRule', 'DeleteSipRule']);

    const numberOrder = new cr.Provider(this, 'NumberOrderProvider', {
      onEventHandler: onEvent.function,
      isCompleteHandler: isComplete.function,
      // Orders usually finish in under a minute; carriers sometimes take longer.
      queryInterval: Duration.seconds(15),
      totalTimeout: Duration.minutes(30),
    });
    const sipRule = new cr.Provider(this, 'SipRuleProvider', {
      onEventHandler: rule.function,
      isCompleteHandler: ruleGone.function,
      queryInterval: Duration.seconds(5),
      totalTimeout: Duration.minutes(10),
    });
    this.numberOrder = numberOrder.serviceToken;
    this.sipRule = sipRule.serviceToken;
    for (const provider of [numberOrder, sipRule]) acknowledgeProviderFramework(provider);
  }
}

/**
 * The Provider framework's own functions and waiter state machine are built by aws-cdk-lib; they carry no call data
 * (only CloudFormation requests) and cannot be configured further.
 */
function acknowledgeProviderFramework(provider: cr.Provider): void {
  const framework = provider.node.children.filter((c): c is lambda.Function => c instanceof lambda.Function);
  const invoked = [
    provider.onEventHandler,
    ...(provider.isCompleteHandler ? [provider.isCompleteHandler] : []),
    ...framework,
  ];
  acknowledge(
    provider,
    'aws-cdk-lib Provider framework: its functions use the AWS managed basic execution role for their own logs.',
    BASIC_EXECUTION_ROLE_FINDING,
  );
  acknowledge(
    provider,
    'aws-cdk-lib Provider framework: it invokes our handlers and its own functions by ARN and version (":*"), ' +
      'nothing else.',
    ...invoked.map(functionVersionsFinding),
  );
  acknowledge(
    provider,
    'aws-cdk-lib Provider framework waiter: it only polls isComplete for CloudFormation; it has no call data to log ' +
      'or trace, and the framework offers no tracing option.',
    'AwsSolutions-SF1',
    'AwsSolutions-SF2',
  );
}
