import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { CallFlow } from './call-flow';

export interface OperationsProps {
  /** CloudWatch namespace of the functions' Powertools metrics (POWERTOOLS_METRICS_NAMESPACE). */
  readonly namespace: string;
  readonly router: lambda.IFunction;
  readonly sweeper: lambda.IFunction;
  /** The function that files voicemail, when the business line is deployed. */
  readonly voicemail?: lambda.IFunction;
  readonly callFlows: readonly CallFlow[];
  /** Where alarms are mailed (an SNS topic with an email subscription); none: alarms only show in the console. */
  readonly alarmEmail?: string;
  /** Encrypts the alarm topic; CloudWatch is allowed to use it for alarm notifications. */
  readonly key: kms.IKey;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What a business owner would want to know, as CloudWatch alarms (optionally mailed) and one dashboard: callers
 * hearing the apology, call flows failing or timing out, the router failing or throttled, voicemail not filed,
 * and calls that crashed and left queues behind. Alarms treat missing data as fine: no calls, no alarm.
 */
export class Operations extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const router = (name: string, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: props.namespace,
        metricName: name,
        dimensionsMap: { service: 'event-router' },
        statistic,
        period: FIVE_MINUTES,
      });
    const leaked = new cloudwatch.Metric({
      namespace: props.namespace,
      metricName: 'LeakedQueues',
      dimensionsMap: { service: 'sweeper' },
      statistic: 'Sum',
      period: Duration.minutes(15),
    });
    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Alarms', {
        displayName: `${Stack.of(this).stackName} alarms`,
        masterKey: props.key,
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      props.key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
    }

    this.alarm(
      'CallersHearApology',
      router('Apologies'),
      'Callers heard "Sorry, something went wrong" (the router apologised and hung up)',
    );
    this.alarm(
      'RouterErrors',
      props.router.metricErrors({ period: FIVE_MINUTES }),
      'The event router failed invocations: PSTN audio may have dropped calls',
    );
    this.alarm(
      'RouterThrottled',
      props.router.metricThrottles({ period: FIVE_MINUTES }),
      'The event router was throttled: callers may hear silence or be dropped',
    );
    for (const flow of props.callFlows) {
      const name = flow.node.id.replace(/Flow$/, '');
      const sm = flow.stateMachine;
      this.alarm(
        `${name}ExecutionsFailed`,
        sm.metricFailed({ period: FIVE_MINUTES }),
        `${name}: calls whose flow failed`,
      );
      this.alarm(
        `${name}ExecutionsTimedOut`,
        sm.metricTimedOut({ period: FIVE_MINUTES }),
        `${name}: calls whose flow timed out`,
      );
    }
    if (props.voicemail) {
      this.alarm(
        'VoicemailNotFiled',
        props.voicemail.metricErrors({ period: FIVE_MINUTES }),
        'Filing a voicemail failed: a message may be missing from the mailbox',
      );
    }
    this.alarm(
      'LeakedCallQueues',
      leaked,
      'The sweeper found queues of calls that crashed (and deleted them)',
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(24),
    });
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) =>
      new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    const byType = new cloudwatch.MathExpression({
      expression: `SEARCH('{"${props.namespace}",service,ActionType} MetricName="FailedActionsByType"', 'Sum', 300)`,
      label: 'failed actions by type',
      period: FIVE_MINUTES,
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      graph('Calls', [router('CallsStarted'), router('CallsEnded')]),
      graph('Apologies and keep-alives', [router('Apologies'), router('KeepAlives')]),
      graph('Actions PSTN audio reported failed, by type', [byType]),
    );
    this.dashboard.addWidgets(
      graph('Router turn time (p50, p99)', [router('TurnTime', 'p50'), router('TurnTime', 'p99')]),
      graph('Router errors and throttles', [
        props.router.metricErrors({ period: FIVE_MINUTES }),
        props.router.metricThrottles({ period: FIVE_MINUTES }),
      ]),
      graph(
        'Call flows failed or timed out',
        props.callFlows.flatMap((f) => [
          f.stateMachine.metricFailed({ period: FIVE_MINUTES, label: `${f.node.id} failed` }),
          f.stateMachine.metricTimedOut({ period: FIVE_MINUTES, label: `${f.node.id} timed out` }),
        ]),
      ),
    );
    this.dashboard.addWidgets(
      graph('Leaked call queues (sweeper)', [leaked], 12),
      graph(
        'Voicemail filing errors',
        props.voicemail ? [props.voicemail.metricErrors({ period: FIVE_MINUTES })] : [],
        12,
      ),
    );
  }

  /** Alarms at one or more in a period; no data (no calls) is not a problem. */
  private alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    if (this.topic) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
    }
    this.alarms.push(alarm);
  }
}
