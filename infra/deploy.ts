/**
 * `npm run deploy -- -c areaCode=206 -c ownerNumber=+1… [--force] [other cdk deploy options]`
 *
 * Checks that no call flow was changed in the console since the last deploy (infra/console-edits.ts), then runs
 * `npx cdk deploy` with the same arguments. Stops, naming the flows and the pull command, when a deploy would
 * discard an edit — unless told to overwrite (`--force` or `-c overwriteConsoleEdits=true`).
 */
import { spawnSync } from 'node:child_process';
import { SFNClient } from '@aws-sdk/client-sfn';
import { consoleEdits, editsMessage } from './console-edits';
import { workflowNames } from './preflight/voices';

export interface DeployPlan {
  readonly stack: string;
  /** Skip the console-edit check. */
  readonly overwrite: boolean;
  /** What to pass to `cdk deploy`. */
  readonly cdkArgs: string[];
}

export function planDeploy(argv: readonly string[]): DeployPlan {
  const context = (key: string) => {
    for (let i = 0; i < argv.length - 1; i++) {
      if ((argv[i] === '-c' || argv[i] === '--context') && argv[i + 1]!.startsWith(`${key}=`)) {
        return argv[i + 1]!.slice(key.length + 1);
      }
    }
    return undefined;
  };
  return {
    stack: context('stackName') ?? 'Switchboard',
    overwrite: argv.includes('--force') || context('overwriteConsoleEdits') === 'true',
    cdkArgs: argv.filter((a) => a !== '--force'),
  };
}

/** The console-edit check alone: the message to stop with, or undefined to go ahead. */
export async function checkBeforeDeploy(
  plan: DeployPlan,
  options: { workflowsDir?: string; sfn?: SFNClient } = {},
): Promise<string | undefined> {
  if (plan.overwrite) return undefined;
  const workflowsDir = options.workflowsDir ?? 'workflows';
  const edited = await consoleEdits({
    stack: plan.stack,
    workflowsDir,
    workflows: workflowNames(workflowsDir),
    sfn: options.sfn,
  });
  return edited.length ? editsMessage(plan.stack, edited) : undefined;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const plan = planDeploy(process.argv.slice(2));
  try {
    const stop = await checkBeforeDeploy(plan);
    if (stop) {
      console.error(stop);
      process.exit(1);
    }
  } catch (error) {
    console.error(
      `Could not compare the deployed call flows with the repo: ${(error as Error).message}\n` +
        'Fix the credentials or region, or deploy with --force to skip the check.',
    );
    process.exit(1);
  }
  const result = spawnSync('npx', ['cdk', 'deploy', ...plan.cdkArgs], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
