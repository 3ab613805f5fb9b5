/**
 * `npm run preflight -- -c areaCode=206 -c ownerNumber=+1… [-c assistantAreaCode=425] [-c modelId=…]
 *   [-c region=us-east-1] [--endpoint http://localhost:4566]`
 *
 * Takes the same `-c` settings as `cdk deploy`, checks what that deploy and its first call need, prints one table
 * and exits 1 when anything would fail. `--endpoint` aims every client at one endpoint (the Phone Lab's edge).
 */
import { readFileSync } from 'node:fs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { join } from 'node:path';
import { readSettings } from '../settings';
import { AVAILABILITY_NOTE, exitCode, renderTable, type CheckResult } from './report';
import { localCredentials } from '../local-endpoint';
import { runPreflight } from './run';
import { voicesOfWorkflows, workflowNames } from './voices';

export const PREFLIGHT_HELP = `npm run preflight -- -c areaCode=NPA -c ownerNumber=+1… [options]

Read-only checks of what a deploy and its first call need, in one table (exit 1 when any fails).
Takes the same -c settings as cdk deploy (docs/deploy.md lists them):
  -c areaCode=206            the business line's area code (or -c phoneNumber=+1… for a number you own)
  -c ownerNumber=+1…         the owner's phone
  -c assistantAreaCode=425   the voice assistant's line
  -c modelId=…               the Bedrock model or inference profile
  -c region=us-east-1        the region (else AWS_REGION)
  --endpoint URL             aim every client at one endpoint (the Phone Lab's edge)
  -h, --help                 this text`;

export interface PreflightArgs {
  readonly context: Record<string, string>;
  readonly endpoint?: string;
}

export function parseArgs(argv: readonly string[]): PreflightArgs {
  const context: Record<string, string> = {};
  let endpoint: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '-c' || arg === '--context') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`-c ${pair}: expected key=value`);
      context[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '--endpoint') endpoint = value();
    else
      throw new Error(
        `Unknown argument ${arg}; use -c key=value (as for cdk deploy) or --endpoint URL (--help)`,
      );
  }
  return { context, ...(endpoint ? { endpoint } : {}) };
}

/** Runs the checks for these arguments; returns the table (with the availability note) and the exit code. */
export async function preflight(
  args: PreflightArgs,
  env: { region?: string; workflowsDir?: string; clientConfig?: Record<string, unknown> } = {},
): Promise<{ text: string; code: number; results: CheckResult[] }> {
  const workflowsDir = env.workflowsDir ?? 'workflows';
  const region = args.context.region ?? env.region ?? 'us-east-1';
  let settings;
  try {
    settings = readSettings(
      (key) => (key === 'region' ? region : args.context[key]),
      workflowNames(workflowsDir),
    );
  } catch (error) {
    const results: CheckResult[] = [
      {
        check: 'Deploy settings',
        status: 'fail',
        detail: (error as Error).message,
        fix: 'Fix the -c settings named.',
      },
    ];
    return { text: renderTable(results), code: 1, results };
  }
  const deployed = Object.keys(settings.lines);
  const uses = (placeholder: string) =>
    deployed.some((w) =>
      readFileSync(join(workflowsDir, `${w}.asl.json`), 'utf8').includes(`\${${placeholder}}`),
    );
  const areaCodes = Object.fromEntries(
    Object.entries(settings.lines).flatMap(([w, line]) => (line.areaCode ? [[w, line.areaCode]] : [])),
  );
  const results = await runPreflight({
    region,
    areaCodes,
    // the model the deploy would grant and the assistant call: the same default as the CDK app's
    modelId: uses('ModelId') ? settings.modelId : undefined,
    voices: voicesOfWorkflows(workflowsDir, deployed),
    transcribes: uses('TranscribeFunctionArn'),
    qualifier: args.context['@aws-cdk/core:bootstrapQualifier'],
    clientConfig: {
      // Bedrock Runtime and Polly default to HTTP/2; a local endpoint (the lab's edge) speaks HTTP/1.1.
      ...(args.endpoint
        ? { endpoint: args.endpoint, requestHandler: new NodeHttpHandler(), ...localCredentials() }
        : {}),
      ...env.clientConfig,
    },
  });
  const text = `${renderTable([{ check: 'Deploy settings', status: 'ok', detail: `lines: ${deployed.join(', ')}` }, ...results])}\n\n${AVAILABILITY_NOTE}`;
  return { text, code: exitCode(results), results };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(PREFLIGHT_HELP);
    process.exit(0);
  }
  try {
    const args = parseArgs(process.argv.slice(2));
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const { text, code } = await preflight(args, { region });
    console.log(text);
    process.exit(code);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
