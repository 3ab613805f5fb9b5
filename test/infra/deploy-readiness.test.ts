/** What the synthesised template does before and after a deploy: region rules (and, below, operations). */
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
