/** Synthesises the app once per context set and shares the result between tests (bundling is the slow part). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSwitchboard, type SwitchboardAppOptions } from '../../infra/index';

export const FIXTURE_DIRS = {
  workflowsDir: 'test/infra/fixtures/workflows',
  functionsDir: 'test/infra/fixtures/functions',
} as const;

/** The placeholder context of the tests: `-c areaCode=206 -c ownerNumber=+12065550100`. */
export const PLACEHOLDER_CONTEXT = { areaCode: '206', ownerNumber: '+12065550100' } as const;

export interface Synthesised {
  readonly app: ReturnType<typeof buildSwitchboard>['app'];
  readonly stack: ReturnType<typeof buildSwitchboard>['stack'];
  readonly template: Template;
  readonly resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }
  >;
  readonly outputs: Record<string, { Value: unknown }>;
}

const cache = new Map<string, Synthesised>();

export interface SynthOptions extends Omit<SwitchboardAppOptions, 'context' | 'outdir'> {
  /** Bundle the functions with esbuild (slow: a few seconds each). @default false — CDK's own skip switch */
  readonly bundle?: boolean;
}

export function synth(context: Record<string, string>, options: SynthOptions = {}): Synthesised {
  const { bundle = false, ...rest } = { ...FIXTURE_DIRS, ...options };
  const key = JSON.stringify({ context, rest, bundle });
  const hit = cache.get(key);
  if (hit) return hit;
  const { app, stack } = buildSwitchboard({
    ...rest,
    context: bundle ? context : { ...context, 'aws:cdk:bundling-stacks': [] },
    nag: false,
    outdir: mkdtempSync(join(tmpdir(), 'switchboard-cdk-')),
  });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as { Resources: Synthesised['resources']; Outputs: Synthesised['outputs'] };
  const result = { app, stack, template, resources: json.Resources, outputs: json.Outputs ?? {} };
  cache.set(key, result);
  return result;
}

/** Resources of one type, by logical id. */
export function ofType(
  s: Synthesised,
  type: string,
): [string, NonNullable<Synthesised['resources'][string]>][] {
  return Object.entries(s.resources).filter(([, r]) => r.Type === type);
}

/** Every IAM statement in the template: role inline policies and AWS::IAM::Policy documents. */
export function iamStatements(s: Synthesised): { policy: string; statement: Record<string, unknown> }[] {
  const out: { policy: string; statement: Record<string, unknown> }[] = [];
  for (const [id, r] of Object.entries(s.resources)) {
    const docs: unknown[] = [];
    if (r.Type === 'AWS::IAM::Policy') docs.push(r.Properties?.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of (r.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
        docs.push(p.PolicyDocument);
    }
    for (const doc of docs) {
      for (const statement of (doc as { Statement: Record<string, unknown>[] }).Statement)
        out.push({ policy: id, statement });
    }
  }
  return out;
}

export const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
