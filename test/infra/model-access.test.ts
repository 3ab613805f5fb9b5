import { describe, expect, it } from 'vitest';
import { modelResourceArns } from '../../infra/model-access';

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

  it('takes a full ARN as it is', () => {
    const arn = 'arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/abc';
    expect(modelResourceArns(arn, scope)).toEqual([arn]);
  });

  it('asks for the regions of a global profile rather than granting every region', () => {
    expect(() => modelResourceArns('global.amazon.nova-2-lite-v1:0', scope)).toThrow(/-c modelRegions=/);
  });
});
