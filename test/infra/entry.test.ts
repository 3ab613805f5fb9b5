/**
 * The app as the CDK CLI runs it (`cdk.json`: `npx tsx infra/app.ts`), the repo's own workflows, and what a bad
 * setting or workflow tells the developer.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildSwitchboard } from '../../infra/index';
import { placeholdersIn } from '../../infra/placeholders';
import { FIXTURE_DIRS, ofType, PLACEHOLDER_CONTEXT, synth } from './synth';

const run = promisify(execFile);
const SLOW = 240_000;
const repoWorkflows = existsSync('workflows')
  ? readdirSync('workflows').filter((f) => f.endsWith('.asl.json'))
  : [];

describe('cdk.json app (what `npx cdk synth` runs), offline and without credentials', () => {
  it(
    'synthesises the repo with cdk-nag on, bundling every function with esbuild, and no AWS account',
    async () => {
      const outdir = mkdtempSync(join(tmpdir(), 'switchboard-app-'));
      const env = {
        ...process.env,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        CDK_OUTDIR: outdir,
        // The CLI passes -c values this way.
        CDK_CONTEXT_JSON: JSON.stringify({ ...PLACEHOLDER_CONTEXT, assistantAreaCode: '425' }),
      };
      await run('npx', ['tsx', 'infra/app.ts'], { env, timeout: SLOW });
      const template = JSON.parse(readFileSync(join(outdir, 'Switchboard.template.json'), 'utf8'));
      const resources = Object.entries(template.Resources) as [
        string,
        { Type: string; Properties: Record<string, unknown> },
      ][];
      expect(resources.map(([, r]) => r.Type)).toContain('AWS::Chime::SipMediaApplication');
      // The sweeper is bundled from its real source, SDK included.
      const [, sweeper] = resources.find(([id]) => id.startsWith('SweeperHandlerFunction'))!;
      const asset = (sweeper.Properties.Code as { S3Key: string }).S3Key.replace('.zip', '');
      const bundle = readFileSync(join(outdir, `asset.${asset}`, 'index.mjs'), 'utf8');
      expect(bundle).toContain('ListQueues');
      expect(bundle).toContain('STATE_MACHINE_ARNS');
    },
    SLOW,
  );

  it(
    'stops with a message, not a stack trace, when a setting is wrong',
    async () => {
      const env = {
        ...process.env,
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'switchboard-app-')),
        CDK_CONTEXT_JSON: JSON.stringify({
          ...PLACEHOLDER_CONTEXT,
          destroyData: 'yes',
          'aws:cdk:bundling-stacks': [],
        }),
      };
      const failed = await run('npx', ['tsx', 'infra/app.ts'], { env, timeout: SLOW }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('-c destroyData=yes: expected true or false');
      expect(failed?.stderr).not.toMatch(/\n\s+at /);
    },
    SLOW,
  );
});

describe.skipIf(repoWorkflows.length === 0)(
  `the repo's workflows (${repoWorkflows.join(', ') || 'none yet: skipped'})`,
  () => {
    it(
      'deploy with every placeholder filled, and cdk-nag clean',
      () => {
        const s = synth(
          { ...PLACEHOLDER_CONTEXT, assistantAreaCode: '425' },
          { workflowsDir: 'workflows', functionsDir: 'functions' },
        );
        for (const file of repoWorkflows) {
          const name = file.replace('.asl.json', '');
          const machine = ofType(s, 'AWS::StepFunctions::StateMachine').find(
            ([, r]) => r.Properties?.StateMachineName === `Switchboard-${name}`,
          );
          expect(machine, `${file} is deployed`).toBeDefined();
          const keys = Object.keys((machine![1].Properties?.DefinitionSubstitutions as object) ?? {});
          expect(keys.sort()).toEqual(placeholdersIn(readFileSync(join('workflows', file), 'utf8')).sort());
        }
        expect(new AwsSolutionsChecks().validateScope(s.app).violations.map((v) => v.ruleName)).toEqual([]);
      },
      SLOW,
    );
  },
);

describe('a bad workflow or setting stops the synth with a message that says what and where', () => {
  const withWorkflow = (definition: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-wf-'));
    cpSync(FIXTURE_DIRS.workflowsDir, dir, { recursive: true });
    writeFileSync(join(dir, 'business-line.asl.json'), definition);
    return dir;
  };
  const build =
    (workflowsDir: string, context: Record<string, string> = PLACEHOLDER_CONTEXT) =>
    () =>
      buildSwitchboard({ context, workflowsDir, functionsDir: FIXTURE_DIRS.functionsDir, nag: false });

  it.each([
    [
      'an unknown placeholder',
      '{"x":"${BucketNmae}"}',
      /business-line\.asl\.json: \$\{BucketNmae\} is not a deploy-time value/,
    ],
    [
      'a function that does not exist',
      '{"x":"${SendSmsFunctionArn}"}',
      /\$\{SendSmsFunctionArn\} names functions\/send-sms\/index\.ts, which does not exist/,
    ],
    ['a file that is not JSON', '{"StartAt": ', /business-line\.asl\.json: not valid JSON/],
  ])('%s', (_, definition, message) => {
    expect(build(withWorkflow(definition))).toThrow(message);
  });

  it("a workflow that needs the owner's number when none is given", () => {
    expect(build(FIXTURE_DIRS.workflowsDir, { areaCode: '206' })).toThrow(
      /uses \$\{OwnerNumber\}: deploy with -c ownerNumber=\+1/,
    );
  });

  it('a business line with no number', () => {
    expect(build(FIXTURE_DIRS.workflowsDir, { ownerNumber: '+12065550100' })).toThrow(
      /-c areaCode=NPA to order one, or -c phoneNumber/,
    );
  });
});
