/**
 * The banner's environment lines are all a machine with no AWS configuration needs: the AWS CLI and the AWS SDK
 * reach the lab with HOME pointing at an empty folder (no ~/.aws) and no other AWS_* variable set.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { awsEnvironment } from '../../lab/cli/banner';

const run = promisify(execFile);
const awsCli = ['/usr/bin/aws', '/usr/local/bin/aws', `${process.env.HOME}/.pyenv/shims/aws`].find(
  existsSync,
);

let lab: Lab;
let env: Record<string, string>;
beforeAll(async () => {
  lab = await startLab({ port: 0 });
  const home = mkdtempSync(join(tmpdir(), 'empty-home-'));
  env = { PATH: process.env.PATH ?? '', HOME: home, ...awsEnvironment(lab.edgeUrl) };
  if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;
});
afterAll(() => lab?.close());

describe('talking to the lab from a machine with no AWS configuration', () => {
  it.skipIf(!awsCli)(
    'the AWS CLI lists the lab table and its state machines with only the banner lines',
    async () => {
      const tables = await run(awsCli!, ['dynamodb', 'list-tables', '--output', 'json'], {
        env,
        timeout: 30_000,
      });
      expect(JSON.parse(tables.stdout).TableNames).toContain('switchboard-lab');
      const machines = await run(
        awsCli!,
        ['stepfunctions', 'list-state-machines', '--query', 'stateMachines[].name'],
        {
          env,
          timeout: 30_000,
        },
      );
      expect(JSON.parse(machines.stdout)).toEqual(
        expect.arrayContaining(['business-line', 'voice-assistant']),
      );
    },
    60_000,
  );

  it('an AWS SDK client made with no settings at all reaches the lab', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'sdk-')), 'scan.mjs');
    const client = join(REPO_ROOT, 'node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js');
    writeFileSync(
      script,
      `import sdk from ${JSON.stringify(client)};
       const out = await new sdk.DynamoDBClient({}).send(new sdk.ListTablesCommand({}));
       console.log(JSON.stringify(out.TableNames));`,
    );
    const { stdout } = await run(process.execPath, [script], {
      env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toContain('switchboard-lab');
  }, 60_000);
});
