/**
 * Console edits are never silently discarded. Every state machine carries the hash of the repo definition it was
 * deployed from (tag `switchboard:source-sha256`). Before a deploy, each live definition (placeholders restored)
 * is hashed: a hash that differs from the tag means someone changed the flow after the last deploy — in Workflow
 * Studio, say — and a deploy would replace it (CloudFormation compares templates, not the live resource, so the
 * edit survives deploys that do not touch that flow and is lost in the first one that does).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { readDeployed } from './pull-workflow';

export const SOURCE_TAG = 'switchboard:source-sha256';

/**
 * The hash of a definition's content: formatting and whitespace do not count, and neither do the phone numbers
 * `${LineNumber}` and `${OwnerNumber}` became — they are not tagged (personal data), so a live definition keeps
 * them and its repo form has the placeholders. (A console edit of only a phone number is not detected.)
 */
export function sourceHash(definitionText: string): string {
  const content = JSON.stringify(JSON.parse(definitionText)).replace(
    /\$\{(?:LineNumber|OwnerNumber)\}|\+[1-9]\d{6,14}/g,
    '<phone>',
  );
  return createHash('sha256').update(content).digest('hex');
}

export type EditVerdict =
  /** Not deployed yet, or live is what was deployed: nothing to lose. */
  | 'unchanged'
  /** Changed in the console, and the repo already holds that change (pulled). */
  | 'pulled'
  /** Changed in the console and not in the repo: a deploy would discard it. */
  | 'edited';

export function editVerdict(
  live: { restored: string; deployedHash?: string } | undefined,
  repoText: string,
): EditVerdict {
  if (!live) return 'unchanged';
  const liveHash = sourceHash(live.restored);
  if (liveHash === sourceHash(repoText)) return live.deployedHash === liveHash ? 'unchanged' : 'pulled';
  // Deployed before this tag existed: no record of what was deployed, so a difference may be a console edit.
  return live.deployedHash === liveHash ? 'unchanged' : 'edited';
}

/** The workflows whose live definition holds a console edit the repo does not. */
export async function consoleEdits(options: {
  readonly stack: string;
  readonly workflowsDir: string;
  readonly workflows: readonly string[];
  readonly sfn?: SFNClient;
}): Promise<string[]> {
  const edited: string[] = [];
  for (const workflow of options.workflows) {
    const live = await readDeployed({ workflow, stack: options.stack, sfn: options.sfn });
    const repo = readFileSync(join(options.workflowsDir, `${workflow}.asl.json`), 'utf8');
    const verdict = editVerdict(
      live && { restored: live.restored, deployedHash: live.tags[SOURCE_TAG] },
      repo,
    );
    if (verdict === 'edited') edited.push(workflow);
  }
  return edited;
}

/** What to tell the user when a deploy would discard console edits. */
export function editsMessage(stack: string, edited: readonly string[]): string {
  const pulls = edited.map((w) => `  npx tsx infra/pull-workflow.ts ${w} --stack ${stack}`).join('\n');
  return (
    `Not deploying: ${edited.join(', ')} ${edited.length === 1 ? 'was' : 'were'} changed in the AWS console since ` +
    'the last deploy, and this deploy would replace that change with what the repo holds.\n' +
    `Bring the change into the repo first:\n${pulls}\n  git diff workflows/   # review, npm test, commit\n` +
    'Or deploy anyway and discard it: add --force (or -c overwriteConsoleEdits=true).'
  );
}
