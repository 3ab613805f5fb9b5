/** What the synthesised template does before and after a deploy: region rules (and, below, operations). */
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PSTN_AUDIO_REGIONS } from '../../infra/region-rules';
import { PLACEHOLDER_CONTEXT, synth } from './synth';

/** Both lines, so the voice assistant (the workflow that calls Bedrock) is deployed. */
const BOTH = { ...PLACEHOLDER_CONTEXT, assistantAreaCode: '425' };

const rules = (context: Record<string, string>) =>
  (
    synth(context).template.toJSON() as {
      Rules?: Record<string, { Assertions: { Assert: unknown; AssertDescription: string }[] }>;
    }
  ).Rules ?? {};

describe('a template that refuses the wrong region up front', () => {
  it('asserts the deploy region offers PSTN audio, and says which regions do', () => {
    const [assertion] = rules(PLACEHOLDER_CONTEXT).PstnAudioRegion!.Assertions;
    expect(assertion!.Assert).toEqual({ 'Fn::Contains': [[...PSTN_AUDIO_REGIONS], { Ref: 'AWS::Region' }] });
    expect(assertion!.AssertDescription).toMatch(
      /PSTN audio .* runs only in us-east-1, us-west-2, ca-central-1/,
    );
  });

  it('asserts the default model’s inference profile can be called from the deploy region', () => {
    const [assertion] = rules(BOTH).ModelFitsRegion!.Assertions;
    expect(assertion!.Assert).toEqual({
      'Fn::Contains': [['us-east-1', 'us-east-2', 'us-west-2'], { Ref: 'AWS::Region' }],
    });
    expect(assertion!.AssertDescription).toMatch(
      /us\.amazon\.nova-micro-v1:0 can be called only from .*-c region=/,
    );
  });

  it('with -c region=eu-central-1 the default model is the EU profile, and the rule follows it', () => {
    const s = synth({ ...BOTH, region: 'eu-central-1' });
    expect(JSON.stringify(s.template.toJSON()).includes('eu.amazon.nova-micro-v1:0')).toBe(true);
    const [assertion] = rules({ ...BOTH, region: 'eu-central-1' }).ModelFitsRegion!.Assertions;
    expect(assertion!.Assert).toEqual({
      'Fn::Contains': [['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'], { Ref: 'AWS::Region' }],
    });
  });

  it('a foundation model in the stack region needs no model rule', () => {
    expect(rules({ ...BOTH, modelId: 'amazon.nova-lite-v1:0' }).ModelFitsRegion).toBeUndefined();
  });
});

describe('what each deploy records for the next one', () => {
  it('every state machine carries the hash of the repo definition it was deployed from', () => {
    const machines = Object.values(synth(BOTH).resources).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties?.StateMachineName !== undefined,
    );
    expect(machines.length).toBe(2);
    for (const machine of machines) {
      const tags = machine.Properties!.Tags as { Key: string; Value: string }[];
      expect(tags.find((t) => t.Key === 'switchboard:source-sha256')?.Value).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('operations: alarms, a dashboard, and logs free of callers’ data', () => {
  const alarms = (s: ReturnType<typeof synth>) =>
    Object.entries(s.resources)
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
      .map(([, r]) => r.Properties as Record<string, unknown>);

  it('alarms on the apology, failed and timed-out flows, router errors and throttles, voicemail and leaks', () => {
    const found = alarms(synth(BOTH));
    const described = found.map((a) => String(a.AlarmDescription));
    for (const what of [
      /apologised/,
      /router failed/,
      /throttled/,
      /flow failed/,
      /flow timed out/,
      /voicemail/,
      /queues of calls that crashed/,
    ]) {
      expect(
        described.some((d) => what.test(d)),
        String(what),
      ).toBe(true);
    }
    const apology = found.find((a) => a.MetricName === 'Apologies')!;
    expect(apology).toMatchObject({
      Namespace: 'Switchboard/Switchboard',
      Dimensions: [{ Name: 'service', Value: 'event-router' }],
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(found.filter((a) => a.MetricName === 'ExecutionsFailed')).toHaveLength(2);
    expect(found.every((a) => a.AlarmActions === undefined)).toBe(true);
  });

  it('with -c alarmEmail=… every alarm mails an encrypted, SSL-only topic', () => {
    const s = synth({ ...BOTH, alarmEmail: 'owner@example.com' });
    const [[topicId]] = Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::SNS::Topic');
    expect(s.resources[topicId!]!.Properties!.KmsMasterKeyId).toBeDefined();
    const subscription = Object.values(s.resources).find((r) => r.Type === 'AWS::SNS::Subscription')!;
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'owner@example.com' });
    for (const alarm of alarms(s)) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(JSON.stringify(s.resources)).toContain('"aws:SecureTransport":"false"');
    expect(new AwsSolutionsChecks().validateScope(s.app).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('a dashboard shows calls, apologies, keep-alives, failed actions by type, turn time and leaks', () => {
    const s = synth(BOTH);
    const dashboard = Object.values(s.resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!;
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const metric of [
      'CallsStarted',
      'CallsEnded',
      'Apologies',
      'KeepAlives',
      'FailedActionsByType',
      'TurnTime',
      'LeakedQueues',
    ]) {
      expect(body).toContain(metric);
    }
    expect(s.outputs.Dashboard).toBeDefined();
  });

  it('the router and sweeper publish to the stack’s namespace', () => {
    const s = synth(BOTH);
    const namespaces = Object.values(s.resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map(
        (r) =>
          (r.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables
            ?.POWERTOOLS_METRICS_NAMESPACE,
      )
      .filter(Boolean);
    expect(namespaces).toEqual(['Switchboard/Switchboard', 'Switchboard/Switchboard']);
  });

  it('state machines log errors only, without execution data (callers’ numbers, digits and words)', () => {
    const machines = Object.values(synth(BOTH).resources).filter(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Properties?.StateMachineName !== undefined,
    );
    for (const machine of machines) {
      expect(machine.Properties!.LoggingConfiguration).toMatchObject({
        Level: 'ERROR',
        IncludeExecutionData: false,
      });
    }
  });

  it('a bad alarm email is refused, naming the setting', () => {
    expect(() => synth({ ...BOTH, alarmEmail: 'owner-at-example' })).toThrow(
      /-c alarmEmail=owner-at-example: expected an email address/,
    );
  });
});
