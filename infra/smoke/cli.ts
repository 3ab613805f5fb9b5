/**
 * `npm run smoke -- [--stack Switchboard] [--line business-line]`
 *
 * Finds the router, the line's number and its state machine in the stack's outputs, runs one synthetic call
 * (infra/smoke/run.ts) and prints each turn. Exit 1 when the wiring is broken or the call left something behind.
 * `--endpoint URL --function NAME --number +1… --state-machine ARN` aim it elsewhere (the Phone Lab).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { localCredentials } from '../local-endpoint';
import { pascalCase } from '../placeholders';
import { runSmoke, type SmokeReport } from './run';

export interface SmokeTarget {
  readonly functionName: string;
  readonly number: string;
  readonly stateMachineArn: string;
}

/** The router, number and state machine of `line` from the stack's outputs. */
export function targetFromOutputs(
  outputs: readonly { OutputKey?: string; OutputValue?: string }[],
  line: string,
): SmokeTarget {
  const value = (key: string) => {
    const found = outputs.find((o) => o.OutputKey === key)?.OutputValue;
    if (!found)
      throw new Error(`The stack has no output ${key}: is ${line} deployed (does it have a number)?`);
    return found;
  };
  const pascal = pascalCase(line);
  return {
    functionName: value('RouterFunction'),
    number: value(`${pascal}Number`),
    stateMachineArn: value(`${pascal}StateMachine`),
  };
}

export function formatReport(report: SmokeReport): string {
  const lines = report.turns.map(
    (t, i) => `  ${i + 1}. ${t.event.padEnd(18)} → ${t.kind.padEnd(10)} ${t.actions.join(', ')}`,
  );
  const verdict = report.ok
    ? 'PASS: router, call queue, workflow and permissions are wired, and the call left nothing behind.'
    : `FAIL:\n${[...report.problems, ...report.cleaned].map((p) => `  - ${p}`).join('\n')}`;
  return `Synthetic call ${report.transactionId}\n${lines.join('\n')}\n${verdict}`;
}

export const SMOKE_HELP = `npm run smoke -- [--stack Switchboard] [--line business-line]

One synthetic call through the deployed router (no telephone rings): NEW_INBOUND_CALL, a few turns, HANGUP.
Exit 0 when the router, call queue, workflow and permissions are wired and nothing was left behind.
  --stack NAME          the CloudFormation stack (default Switchboard)
  --line NAME           the line to call: business-line or voice-assistant (default business-line)
  --endpoint URL        aim every client at one endpoint (the Phone Lab's edge); then also give
  --function NAME --number +1… --state-machine ARN
  -h, --help            this text`;

const FLAGS = ['endpoint', 'stack', 'line', 'function', 'number', 'state-machine'] as const;
type Flag = (typeof FLAGS)[number];

/** The flags given; an unknown flag or one without its value is an error that names it. */
export function parseSmokeArgs(argv: readonly string[]): Partial<Record<Flag, string>> {
  const given: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '') as Flag;
    if (!argv[i]!.startsWith('--') || !FLAGS.includes(name))
      throw new Error(`Unknown argument ${argv[i]}; see npm run smoke -- --help`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    given[name] = value;
  }
  return given;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(SMOKE_HELP);
    return 0;
  }
  const args = parseSmokeArgs(argv);
  const endpoint = args.endpoint;
  // a local endpoint (the Phone Lab) needs a region to sign with even when none is configured
  const config = endpoint
    ? { endpoint, region: process.env.AWS_REGION ?? 'us-east-1', ...localCredentials() }
    : {};
  const stack = args.stack ?? 'Switchboard';
  const line = args.line ?? 'business-line';
  const given = [args.function, args.number, args['state-machine']];
  const target: SmokeTarget = given.every(Boolean)
    ? { functionName: given[0]!, number: given[1]!, stateMachineArn: given[2]! }
    : targetFromOutputs(
        (await new CloudFormationClient(config).send(new DescribeStacksCommand({ StackName: stack })))
          .Stacks?.[0]?.Outputs ?? [],
        line,
      );
  const report = await runSmoke({
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
    sfn: new SFNClient(config),
    ...target,
  });
  console.log(formatReport(report));
  return report.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(2);
    },
  );
}
