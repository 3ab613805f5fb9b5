/**
 * The IAM resources a Bedrock model id needs, without wildcards.
 * Pure: the id and the stack's partition/region/account (tokens are fine) in, ARNs out.
 *
 * A cross-region inference profile (`us.amazon.nova-micro-v1:0`) needs the profile ARN and the foundation-model ARN
 * in every region the profile routes to. The region lists below come from the Bedrock user guide, "Supported Regions
 * and models for inference profiles"; AWS adds regions over time, so `-c modelRegions=a,b,c` overrides them.
 */

export const PROFILE_REGIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  eu: ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
  apac: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  ca: ['ca-central-1', 'ca-west-1'],
};

export interface StackScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export function modelResourceArns(
  modelId: string,
  scope: StackScope,
  regionsOverride?: readonly string[],
): string[] {
  if (modelId.startsWith('arn:')) return [modelId];
  const dot = modelId.indexOf('.');
  const prefix = dot > 0 ? modelId.slice(0, dot) : '';
  const foundation = (region: string, id: string) =>
    `arn:${scope.partition}:bedrock:${region}::foundation-model/${id}`;
  const isProfile = prefix === 'global' || prefix in PROFILE_REGIONS;
  if (!isProfile) return [foundation(scope.region, modelId)];
  const regions = regionsOverride ?? PROFILE_REGIONS[prefix];
  if (!regions) {
    throw new Error(
      `-c modelId=${modelId}: a global inference profile may route to any region; give the regions with -c modelRegions=…`,
    );
  }
  const model = modelId.slice(dot + 1);
  return [
    `arn:${scope.partition}:bedrock:${scope.region}:${scope.account}:inference-profile/${modelId}`,
    ...regions.map((region) => foundation(region, model)),
  ];
}
