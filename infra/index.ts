/** The CDK app's front door: build the Switchboard app from CDK context (the CLI's `-c`) or given settings. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readdirSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { readSettings } from './settings';
import { SwitchboardStack } from './switchboard-stack';

export { SwitchboardStack, type SwitchboardStackProps } from './switchboard-stack';
export { readSettings, lineContextKeys, type DeploySettings } from './settings';

export interface SwitchboardAppOptions {
  /** CDK context, as `-c key=value` gives it. @default what the CLI passes */
  readonly context?: Record<string, unknown>;
  /** @default 'Switchboard' or context `stackName` */
  readonly stackName?: string;
  readonly workflowsDir?: string;
  readonly functionsDir?: string;
  readonly promptsDir?: string;
  readonly audioDir?: string;
  /** Run cdk-nag (AwsSolutions) during synth; any unacknowledged finding fails it. @default true */
  readonly nag?: boolean;
  readonly outdir?: string;
}

export function buildSwitchboard(options: SwitchboardAppOptions = {}): { app: App; stack: SwitchboardStack } {
  const app = new App({ context: options.context, outdir: options.outdir });
  const workflowsDir = options.workflowsDir ?? 'workflows';
  const workflows = existsSync(workflowsDir)
    ? readdirSync(workflowsDir)
        .filter((f) => f.endsWith('.asl.json'))
        .map((f) => basename(f, '.asl.json'))
    : [];
  // The deploy region, when known at synth (-c region=…, or the CLI's CDK_DEFAULT_REGION), picks the default model.
  const context = (key: string): unknown =>
    app.node.tryGetContext(key) ?? (key === 'region' ? process.env.CDK_DEFAULT_REGION : undefined);
  const settings = readSettings(context, workflows);
  const stackName =
    options.stackName ?? (app.node.tryGetContext('stackName') as string | undefined) ?? 'Switchboard';
  const stack = new SwitchboardStack(app, stackName, {
    settings,
    workflowsDir,
    functionsDir: options.functionsDir,
    promptsDir: options.promptsDir,
    audioDir: options.audioDir,
    description: 'Switchboard: telephony call flows on Amazon Chime SDK PSTN audio and AWS Step Functions',
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
