import { describe, expect, it } from 'vitest';
import { callableFrom, defaultModelFor, modelForm, modelResourceArns } from '../../infra/model-access';

const scope = { partition: 'aws', region: 'us-west-2', account: '111122223333' };

describe('Bedrock model access', () => {
  it('grants a cross-region profile and the model in every region it routes to', () => {
    expect(modelResourceArns('us.amazon.nova-micro-v1:0', scope)).toEqual([
      'arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-micro-v1:0',
    ]);
  });

  it('grants a foundation model in the stack region only', () => {
    expect(modelResourceArns('amazon.nova-lite-v1:0', scope)).toEqual([
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0',
    ]);
  });

  it('uses the regions given with -c modelRegions instead of the built-in table', () => {
    expect(modelResourceArns('eu.amazon.nova-micro-v1:0', scope, ['eu-west-1'])).toEqual([
      'arn:aws:bedrock:us-west-2:111122223333:inference-profile/eu.amazon.nova-micro-v1:0',
      'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0',
    ]);
  });

  it('grants a global profile, the model in the stack region and the region-less foundation-model ARN', () => {
    expect(modelResourceArns('global.anthropic.claude-sonnet-4-5-20250929-v1:0', scope)).toEqual([
      'arn:aws:bedrock:us-west-2:111122223333:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]);
  });

  it('grants an inference-profile ARN with the models it routes to, not alone', () => {
    const arn = 'arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-micro-v1:0';
    expect(modelResourceArns(arn, scope)).toEqual([
      arn,
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-micro-v1:0',
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-micro-v1:0',
    ]);
    const global = 'arn:aws:bedrock:us-west-2:111122223333:inference-profile/global.amazon.nova-2-lite-v1:0';
    expect(modelResourceArns(global, scope)).toContain(
      'arn:aws:bedrock:::foundation-model/amazon.nova-2-lite-v1:0',
    );
  });

  it('takes a foundation-model ARN as it is', () => {
    const arn = 'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0';
    expect(modelResourceArns(arn, scope)).toEqual([arn]);
    expect(modelForm(arn)).toMatchObject({ kind: 'foundation', model: 'amazon.nova-lite-v1:0' });
  });

  it('refuses what it cannot grant correctly, naming the value', () => {
    expect(() =>
      modelForm('arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/abc'),
    ).toThrow(/application inference profile does not say which model/);
    expect(() => modelForm('arn:aws:s3:::bucket')).toThrow(
      /-c modelId=arn:aws:s3:::bucket: not a Bedrock ARN/,
    );
  });

  it('picks a default model of the deploy region’s geography', () => {
    expect(defaultModelFor('us-west-2')).toBe('us.amazon.nova-micro-v1:0');
    expect(defaultModelFor('eu-central-1')).toBe('eu.amazon.nova-micro-v1:0');
    expect(defaultModelFor('ap-southeast-2')).toBe('apac.amazon.nova-micro-v1:0');
    expect(defaultModelFor('ca-central-1')).toBeUndefined();
    expect(defaultModelFor(undefined)).toBeUndefined();
  });

  it('says where a geographic profile may be called from', () => {
    expect(callableFrom('eu.amazon.nova-micro-v1:0')).toEqual([
      'eu-central-1',
      'eu-north-1',
      'eu-west-1',
      'eu-west-3',
    ]);
    expect(callableFrom('amazon.nova-micro-v1:0')).toBeUndefined();
    expect(callableFrom('global.amazon.nova-2-lite-v1:0')).toBeUndefined();
  });
});
