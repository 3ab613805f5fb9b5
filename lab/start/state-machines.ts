/** One state machine per call flow, its `${…}` placeholders filled like CloudFormation's substitutions. */
import { LAB_ACCOUNT_ID } from '../services/sdk';
import type { StepFunctionsService } from '../stepfunctions';
import { withInitSettings, type InitSettings } from '../settings';
import type { CallFlowFile } from '../workflows';

/** Creates the state machines; returns number → state machine ARN (the router's call flows). Throws with
 *  the file's name when Step Functions refuses a definition. */
export async function createCallFlowMachines(
  stepFunctions: StepFunctionsService,
  callFlows: CallFlowFile[],
  numbers: Record<string, string>,
  substitutions: Record<string, string>,
  settings: InitSettings = {},
): Promise<Record<string, string>> {
  const callFlowArns: Record<string, string> = {};
  for (const flow of callFlows) {
    const lineSubstitutions = {
      ...substitutions,
      LineNumber: numbers[flow.name],
      // where messages are filed: the business line's number, or the line's own when there is none
      BusinessLineNumber: numbers['business-line'] ?? numbers[flow.name],
    };
    const own = settings[flow.name];
    const definition = own ? withInitSettings(flow.definition, flow.name, own) : flow.definition;
    const reply = await stepFunctions.handle('CreateStateMachine', {
      name: flow.name,
      definition: substitute(definition, lineSubstitutions),
      roleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-${flow.name}`,
      type: 'STANDARD',
    });
    if (reply.status !== 200) {
      const body = reply.body as { message?: string };
      throw new Error(`${flow.file}: ${body.message ?? JSON.stringify(body)}`);
    }
    callFlowArns[numbers[flow.name]] = (reply.body as { stateMachineArn: string }).stateMachineArn;
  }
  return callFlowArns;
}

/** One state machine per pipeline (`workflows/pipelines/*.asl.json`), named `<name>-pipeline`, with no
 *  number; returns pipeline name → state machine ARN. */
export async function createPipelineMachines(
  stepFunctions: StepFunctionsService,
  pipelines: CallFlowFile[],
  substitutions: Record<string, string>,
): Promise<Record<string, string>> {
  const arns: Record<string, string> = {};
  for (const flow of pipelines) {
    const reply = await stepFunctions.handle('CreateStateMachine', {
      name: `${flow.name}-pipeline`,
      definition: substitute(flow.definition, substitutions),
      roleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-${flow.name}-pipeline`,
      type: 'STANDARD',
    });
    if (reply.status !== 200) {
      const body = reply.body as { message?: string };
      throw new Error(`${flow.file}: ${body.message ?? JSON.stringify(body)}`);
    }
    arns[flow.name] = (reply.body as { stateMachineArn: string }).stateMachineArn;
  }
  return arns;
}

function substitute(definition: string, values: Record<string, string>): string {
  return definition.replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) =>
    values[name] !== undefined ? JSON.stringify(values[name]).slice(1, -1) : whole,
  );
}
