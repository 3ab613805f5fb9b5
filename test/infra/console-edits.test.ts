/**
 * Deploys never silently discard a console edit: checked against the lab's Step Functions API, with state
 * machines deployed the way the CDK app deploys them (placeholders substituted, placeholder and source tags).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  SFNClient,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { editVerdict, SOURCE_TAG, sourceHash } from '../../infra/console-edits';
import { checkBeforeDeploy, planDeploy } from '../../infra/deploy';
import { PLACEHOLDER_TAG_PREFIX, placeholdersIn } from '../../infra/placeholders';
import { pullWorkflow } from '../../infra/pull-workflow';
import { startLab, type Lab } from '../../lab';
import { labClientConfig } from '../../lab/services';

const SOURCE = readFileSync('test/infra/fixtures/workflows/business-line.asl.json', 'utf8');
const ROLE = 'arn:aws:iam::000000000000:role/flow';
const values = Object.fromEntries(
  placeholdersIn(SOURCE).map((name) => [
    name,
    name.endsWith('FunctionArn')
      ? `arn:aws:lambda:us-east-1:000000000000:function:Guard-${name.replace(/FunctionArn$/, '')}`
      : `value-of-${name}`,
  ]),
);
const substitute = (text: string) =>
  Object.entries(values).reduce((t, [name, value]) => t.split(`\${${name}}`).join(value), text);

let lab: Lab;
let sfn: SFNClient;
let dir: string;
let arn: string;
beforeAll(async () => {
  lab = await startLab({ port: 0 });
  sfn = new SFNClient(labClientConfig(lab.edgeUrl));
});
afterAll(() => lab?.close());

/** Deploys the repo's flow as the CDK app does, and writes the repo's copy to a fresh folder. */
async function deploy(tagged = true): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-edits-'));
  writeFileSync(join(dir, 'business-line.asl.json'), SOURCE);
  if (arn) await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
  const tags = Object.entries(values).map(([name, value]) => ({
    key: `${PLACEHOLDER_TAG_PREFIX}${name}`,
    value,
  }));
  if (tagged) tags.push({ key: SOURCE_TAG, value: sourceHash(SOURCE) });
  ({ stateMachineArn: arn } = (await sfn.send(
    new CreateStateMachineCommand({
      name: 'Guard-business-line',
      definition: substitute(SOURCE),
      roleArn: ROLE,
      tags,
    }),
  )) as { stateMachineArn: string });
}
const editInConsole = (comment: string) => {
  const edited = JSON.parse(substitute(SOURCE)) as { Comment: string };
  edited.Comment = comment;
  return sfn.send(
    new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(edited) }),
  );
};
const check = (argv: string[] = []) =>
  checkBeforeDeploy(planDeploy(['-c', 'stackName=Guard', ...argv]), { workflowsDir: dir, sfn: sfn });

describe('before a deploy, console edits are found', () => {
  beforeEach(() => deploy());

  it('nothing changed since the last deploy: go ahead', async () => {
    expect(await check()).toBeUndefined();
  });

  it('only the repo changed: go ahead (that is what a deploy is for)', async () => {
    writeFileSync(join(dir, 'business-line.asl.json'), SOURCE.replace('Infra fixture', 'Repo change'));
    expect(await check()).toBeUndefined();
  });

  it('edited in the console: stop, name the flow, and give the pull command', async () => {
    await editInConsole('Changed in Workflow Studio');
    const message = await check();
    expect(message).toMatch(
      /^Not deploying: business-line was changed in the AWS console since the last deploy/,
    );
    expect(message).toContain('npx tsx infra/pull-workflow.ts business-line --stack Guard');
    expect(message).toMatch(/add --force \(or -c overwriteConsoleEdits=true\)/);
  });

  it('told to overwrite: go ahead, and --force is not passed on to cdk', async () => {
    await editInConsole('Changed in Workflow Studio');
    expect(await check(['--force'])).toBeUndefined();
    expect(await check(['-c', 'overwriteConsoleEdits=true'])).toBeUndefined();
    expect(planDeploy(['-c', 'areaCode=206', '--force']).cdkArgs).toEqual(['-c', 'areaCode=206']);
  });

  it('the edit pulled into the repo: go ahead', async () => {
    await editInConsole('Changed in Workflow Studio');
    const pulled = await pullWorkflow({ workflow: 'business-line', stack: 'Guard', sfn: sfn });
    writeFileSync(join(dir, 'business-line.asl.json'), pulled);
    expect(await check()).toBeUndefined();
  });
});

describe('flows deployed before the source tag existed', () => {
  it('the same as the repo: go ahead; different: stop, since an edit cannot be ruled out', async () => {
    await deploy(false);
    expect(await check()).toBeUndefined();
    await editInConsole('Changed in Workflow Studio');
    expect(await check()).toMatch(/business-line was changed/);
  });

  it('formatting alone is not a change', () => {
    const live = { restored: JSON.stringify(JSON.parse(SOURCE)), deployedHash: sourceHash(SOURCE) };
    expect(editVerdict(live, SOURCE)).toBe('unchanged');
    expect(editVerdict(undefined, SOURCE)).toBe('unchanged');
  });
});

describe('a flow with no placeholders', () => {
  it('is still compared: its only tag is the source hash', async () => {
    const plain = JSON.stringify({
      Comment: 'no placeholders',
      StartAt: 'Done',
      States: { Done: { Type: 'Succeed' } },
    });
    dir = mkdtempSync(join(tmpdir(), 'switchboard-edits-'));
    writeFileSync(join(dir, 'plain.asl.json'), plain);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'Guard-plain',
        definition: plain,
        roleArn: ROLE,
        tags: [{ key: SOURCE_TAG, value: sourceHash(plain) }],
      }),
    );
    expect(await check()).toBeUndefined();
    await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn,
        definition: plain.replace('no placeholders', 'edited'),
      }),
    );
    expect(await check()).toMatch(/plain was changed/);
  });
});
