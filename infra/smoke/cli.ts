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

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const endpoint = flag(argv, 'endpoint');
  const config = endpoint ? { endpoint } : {};
  const stack = flag(argv, 'stack') ?? 'Switchboard';
  const line = flag(argv, 'line') ?? 'business-line';
  const given = ['function', 'number', 'state-machine'].map((n) => flag(argv, n));
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
