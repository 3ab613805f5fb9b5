/**
 * Bring a call flow edited in Workflow Studio back into the repo:
 *
 *   npx tsx infra/pull-workflow.ts business-line [--stack Switchboard] [--out workflows/business-line.asl.json]
 *
 *   npx tsx infra/pull-workflow.ts business-line --line-number +12065550200 --owner-number +12065550100
 *
 * Reads the deployed state machine `<stack>-<workflow>` with the AWS SDK (your usual credentials and region),
 * puts the `${Name}` placeholders back from the state machine's `switchboard:placeholder:*` tags, and writes the
 * file formatted like the repo's. Phone numbers are never tagged (personal data): pass the line's number (the
 * stack output `<Workflow>Number`) and the owner's (`-c ownerNumber`) to restore `${LineNumber}` and
 * `${OwnerNumber}`; without them the pull is refused while the definition still holds a phone number. Review the
 * diff, run `npm test`, commit, and deploy. A pipeline is pulled by its state machine's name, e.g.
 * `voicemail-pipeline` → `workflows/pipelines/voicemail.asl.json`.
 */
import { writeFileSync } from 'node:fs';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { PLACEHOLDER_TAG_PREFIX, restorePlaceholders } from './placeholders';

export interface PullOptions {
  readonly workflow: string;
  readonly stack?: string;
  readonly sfn?: SFNClient;
  /** Values of the placeholders that are not tagged (PERSONAL_PLACEHOLDERS), e.g. `{ OwnerNumber: '+1…' }`. */
  readonly personal?: Readonly<Record<string, string>>;
}

export interface DeployedWorkflow {
  readonly stateMachineArn: string;
  /** The live definition in the repo's form: placeholders restored, two-space JSON. */
  readonly restored: string;
  /** The state machine's tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** The deployed state machine `<stack>-<workflow>`, or undefined when there is none. */
export async function readDeployed(options: PullOptions): Promise<DeployedWorkflow | undefined> {
  const sfn = options.sfn ?? new SFNClient({});
  const name = `${options.stack ?? 'Switchboard'}-${options.workflow}`;
  let arn: string | undefined;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    arn = page.stateMachines?.find((m) => m.name === name)?.stateMachineArn;
    nextToken = page.nextToken;
  } while (!arn && nextToken);
  if (!arn) return undefined;

  const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  const { tags = [] } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
  const all: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const tag of tags) {
    if (!tag.key) continue;
    all[tag.key] = tag.value ?? '';
    if (tag.key.startsWith(PLACEHOLDER_TAG_PREFIX))
      values[tag.key.slice(PLACEHOLDER_TAG_PREFIX.length)] = tag.value ?? '';
  }
  // A flow without placeholders has none of their tags, but this app still tags it (switchboard:source-sha256).
  if (!Object.keys(all).some((key) => key.startsWith('switchboard:')))
    throw new Error(`${name} has no switchboard:* tags: was it deployed by this app?`);
  const restored = restorePlaceholders(definition ?? '', { ...values, ...options.personal });
  return { stateMachineArn: arn, restored: `${JSON.stringify(JSON.parse(restored), null, 2)}\n`, tags: all };
}

/** The repo form (placeholders restored, two-space JSON) of the deployed definition of `workflow`. */
export async function pullWorkflow(options: PullOptions): Promise<string> {
  const deployed = await readDeployed(options);
  if (!deployed) {
    throw new Error(
      `No state machine named ${options.stack ?? 'Switchboard'}-${options.workflow} in this account and region`,
    );
  }
  const numbers = [...new Set(deployed.restored.match(/"\+[1-9]\d{6,14}"/g) ?? [])];
  if (numbers.length > 0) {
    throw new Error(
      `${options.stack ?? 'Switchboard'}-${options.workflow} still holds phone numbers (${numbers.join(', ')}): ` +
        'pass --line-number, --owner-number (and, for the voice assistant, --business-line-number) with the ' +
        'values the stack was deployed with, so ${LineNumber}, ${OwnerNumber} and ${BusinessLineNumber} are restored',
    );
  }
  return deployed.restored;
}

async function main(argv: string[]): Promise<void> {
  const workflow = argv.find((a) => !a.startsWith('--'));
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!workflow)
    throw new Error(
      'Usage: npx tsx infra/pull-workflow.ts <workflow> [--stack Switchboard] [--out file] ' +
        '[--line-number +1…] [--owner-number +1…] [--business-line-number +1…]',
    );
  const personal = Object.fromEntries(
    [
      ['LineNumber', flag('line-number')],
      ['OwnerNumber', flag('owner-number')],
      ['BusinessLineNumber', flag('business-line-number')],
    ].filter((e): e is [string, string] => !!e[1]),
  );
  const text = await pullWorkflow({ workflow, stack: flag('stack'), personal });
  // a pipeline (`<name>-pipeline`) lives in workflows/pipelines/<name>.asl.json
  const pipeline = /^(.+)-pipeline$/.exec(workflow);
  const out =
    flag('out') ??
    (pipeline ? `workflows/pipelines/${pipeline[1]}.asl.json` : `workflows/${workflow}.asl.json`);
  writeFileSync(out, text);
  console.log(`Wrote ${out}. Review it with git diff, run npm test, then deploy.`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
