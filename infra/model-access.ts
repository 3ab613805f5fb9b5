/**
 * The IAM resources a Bedrock model needs, without wildcards, for every form a user may pass as `-c modelId`.
 * Pure: the id and the stack's partition/region/account (tokens are fine) in, ARNs out.
 *
 * - a foundation model id (`amazon.nova-lite-v1:0`) or ARN: that model in the stack's region;
 * - a geographic inference profile id (`us.amazon.nova-micro-v1:0`) or its ARN: the profile, and the foundation
 *   model in every region the profile routes to (Bedrock user guide, "Geographic cross-Region inference",
 *   https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html);
 * - a global inference profile (`global.…`): the profile, the model in the stack's region, and the region-less
 *   foundation-model ARN `arn:aws:bedrock:::foundation-model/<model>` that global routing is authorized against
 *   (https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html).
 *
 * The region lists come from the Bedrock user guide; AWS adds regions over time, so `-c modelRegions=a,b,c`
 * overrides them.
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

/** What a `-c modelId` value is. */
export type ModelForm =
  | { readonly kind: 'foundation'; readonly model: string; readonly arn?: string }
  | {
      readonly kind: 'profile';
      readonly geo: string;
      readonly profileId: string;
      readonly model: string;
      readonly arn?: string;
    }
  | { readonly kind: 'global'; readonly profileId: string; readonly model: string; readonly arn?: string };

const ARN = /^arn:([^:]+):bedrock:([^:]*):([^:]*):([a-z-]+)\/(.+)$/;

/** Reads a model id, inference-profile id, or either's ARN; throws, naming the value, for anything else. */
export function modelForm(modelId: string): ModelForm {
  const arn = ARN.exec(modelId);
  if (modelId.startsWith('arn:') && !arn) throw new Error(`-c modelId=${modelId}: not a Bedrock ARN`);
  const [type, id] = arn ? [arn[4]!, arn[5]!] : ['', modelId];
  if (arn && type === 'application-inference-profile') {
    throw new Error(
      `-c modelId=${modelId}: an application inference profile does not say which model it routes to; ` +
        'pass the model id or system inference profile id it was made from',
    );
  }
  if (arn && type !== 'foundation-model' && type !== 'inference-profile') {
    throw new Error(`-c modelId=${modelId}: expected a foundation-model or inference-profile ARN`);
  }
  const dot = id.indexOf('.');
  const prefix = dot > 0 ? id.slice(0, dot) : '';
  const given = arn ? { arn: modelId } : {};
  if (prefix === 'global') return { kind: 'global', profileId: id, model: id.slice(dot + 1), ...given };
  if (prefix in PROFILE_REGIONS && type !== 'foundation-model') {
    return { kind: 'profile', geo: prefix, profileId: id, model: id.slice(dot + 1), ...given };
  }
  if (type === 'inference-profile') {
    throw new Error(`-c modelId=${modelId}: unknown inference profile prefix "${prefix}"`);
  }
  return { kind: 'foundation', model: id, ...given };
}

export function modelResourceArns(
  modelId: string,
  scope: StackScope,
  regionsOverride?: readonly string[],
): string[] {
  const form = modelForm(modelId);
  const foundation = (region: string, id: string) =>
    `arn:${scope.partition}:bedrock:${region}::foundation-model/${id}`;
  if (form.kind === 'foundation') return [form.arn ?? foundation(scope.region, form.model)];
  const profile =
    form.arn ??
    `arn:${scope.partition}:bedrock:${scope.region}:${scope.account}:inference-profile/${form.profileId}`;
  if (form.kind === 'global') {
    const regions = regionsOverride ?? [scope.region];
    return [profile, ...regions.map((r) => foundation(r, form.model)), foundation('', form.model)];
  }
  const regions = regionsOverride ?? PROFILE_REGIONS[form.geo]!;
  return [profile, ...regions.map((region) => foundation(region, form.model))];
}

/**
 * Where a geographic profile may be called from (its source regions, the same list as where it routes), or
 * undefined when any region may call it (a foundation model is checked by the preflight; a global profile).
 */
export function callableFrom(
  modelId: string,
  regionsOverride?: readonly string[],
): readonly string[] | undefined {
  const form = modelForm(modelId);
  return form.kind === 'profile' ? (regionsOverride ?? PROFILE_REGIONS[form.geo]) : undefined;
}

/**
 * The default model for a deploy region: Amazon Nova Micro through the inference profile of the region's
 * geography (US, EU, APAC). Undefined when the region is unknown at synth or has no such profile: the US profile
 * is then used, and the template's region rule refuses a deploy elsewhere up front.
 */
export function defaultModelFor(region: string | undefined): string | undefined {
  const geo = region?.startsWith('us-')
    ? 'us'
    : region?.startsWith('eu-')
      ? 'eu'
      : region?.startsWith('ap-')
        ? 'apac'
        : undefined;
  if (!geo || !PROFILE_REGIONS[geo]!.includes(region!)) return undefined;
  return `${geo}.amazon.nova-micro-v1:0`;
}
