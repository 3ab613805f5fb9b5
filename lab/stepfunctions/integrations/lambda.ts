/**
 * Lambda (docs/aws/step-functions.md §9.1):
 * - `arn:aws:states:::lambda:invoke`: `{ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}`;
 * - a bare function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`): the payload only.
 * A function error fails the task with the function's `errorType` as Error and, as Cause, the JSON
 * `{"errorMessage","errorType","requestId","stackTrace"}`; a failure with no error payload is `Lambda.Unknown`;
 * a service error is `Lambda.<Exception>` (e.g. `Lambda.ResourceNotFoundException`).
 */
import { randomUUID } from 'node:crypto';
import { StatesError, type Integration, type TaskInvocation } from '../../engine';
import { sdkMetadata, type Clients } from './clients';
import { optimizedError } from './errors';
import { loadSdk } from './services';

/**
 * Runs a function in process. Return the function's result; throw an Error for a function error (its
 * `name` is the errorType, its `message` the errorMessage) or a StatesError for a service error.
 * Function names reach it as names: an ARN or partial ARN is reduced to the function name.
 */
export type LambdaRunner = (functionName: string, payload: unknown) => Promise<unknown>;

interface Invoked {
  payload: unknown;
  version: string;
  requestId: string;
  status: number;
}

/** Where the lab's functions live: a function ARN of another region or account is not one of them. */
export interface LambdaHome {
  region: string;
  accountId: string;
}

/**
 * AWS's answer to a function ARN the state machine cannot reach: another region's ARN is
 * `ResourceNotFoundException` "Functions from '<r>' are not reachable in this region ('<home>')"; another
 * account's, without a resource policy granting it (the lab has none), is `AccessDeniedException`.
 */
export function unreachableFunction(target: string, home: LambdaHome): StatesError | undefined {
  const m =
    /^arn:[^:]+:lambda:([^:]*):([^:]*):function:/.exec(target) ?? /^()(\d{12}):function:/.exec(target);
  if (!m) return undefined;
  const [, region, account] = m;
  const failure = (name: string, code: string, status: number, message: string) =>
    new StatesError(
      `Lambda.${name}`,
      `${message} (Service: AWSLambda; Status Code: ${status}; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`,
    );
  if (region && region !== home.region)
    return failure(
      'ResourceNotFoundException',
      'ResourceNotFoundException',
      404,
      `Functions from '${region}' are not reachable in this region ('${home.region}')`,
    );
  if (account !== home.accountId)
    return failure(
      'AWSLambdaException',
      'AccessDeniedException',
      403,
      `The state machine's role is not authorized to perform: lambda:InvokeFunction on resource: ${target} because no resource-based policy allows the lambda:InvokeFunction action`,
    );
  return undefined;
}

export function lambdaInvoke(clients: Clients, home: LambdaHome, runner?: LambdaRunner): Integration {
  return async (task) => {
    const p = (task.parameters ?? {}) as Record<string, unknown>;
    if (typeof p.FunctionName !== 'string') {
      throw new StatesError(
        'States.Runtime',
        `lambda:invoke needs a FunctionName string in state '${task.stateName}'`,
      );
    }
    const unreachable = unreachableFunction(p.FunctionName, home);
    if (unreachable) throw unreachable;
    const result = await invoke(clients, runner, p.FunctionName, p.Payload ?? {}, task);
    return {
      ExecutedVersion: result.version,
      Payload: result.payload,
      ...sdkMetadata({ $metadata: { requestId: result.requestId } }),
      StatusCode: result.status,
    };
  };
}

export function lambdaFunction(
  clients: Clients,
  arn: string,
  home: LambdaHome,
  runner?: LambdaRunner,
): Integration {
  return async (task) => {
    const unreachable = unreachableFunction(arn, home);
    if (unreachable) throw unreachable;
    return (await invoke(clients, runner, arn, task.parameters ?? {}, task)).payload;
  };
}

/** `arn:aws:lambda:us-east-1:000000000000:function:hello:prod` → `hello`; a plain name stays as it is. */
export function functionNameOf(nameOrArn: string): string {
  const m =
    /^(?:arn:[^:]+:lambda:[^:]*:[^:]*:)?function:([^:]+)/.exec(nameOrArn) ??
    /^\d{12}:function:([^:]+)/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}

async function invoke(
  clients: Clients,
  runner: LambdaRunner | undefined,
  target: string,
  payload: unknown,
  task: TaskInvocation,
): Promise<Invoked> {
  const requestId = randomUUID();
  if (runner) {
    try {
      return {
        payload: await runner(functionNameOf(target), payload),
        version: '$LATEST',
        requestId,
        status: 200,
      };
    } catch (error) {
      if (error instanceof StatesError) throw error;
      const e = error instanceof Error ? error : new Error(String(error));
      throw functionError(
        { errorType: e.name, errorMessage: e.message, trace: e.stack?.split('\n') ?? [] },
        requestId,
      );
    }
  }
  const sdk = loadSdk('lambda');
  const Command = sdk?.InvokeCommand as new (input: unknown) => unknown;
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  let output: {
    Payload?: Uint8Array;
    FunctionError?: string;
    ExecutedVersion?: string;
    StatusCode?: number;
    $metadata?: { requestId?: string };
  };
  try {
    output = await clients
      .get('lambda')!
      .send(new Command({ FunctionName: target, Payload: new TextEncoder().encode(body) }), {
        abortSignal: task.signal,
      });
  } catch (error) {
    throw optimizedError('Lambda', 'AWSLambda', 'AWSLambdaException', error);
  }
  const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
  const parsed = parseOrText(text);
  const id = output.$metadata?.requestId ?? requestId;
  if (output.FunctionError) throw functionError(parsed, id);
  return {
    payload: parsed,
    version: output.ExecutedVersion ?? '$LATEST',
    requestId: id,
    status: output.StatusCode ?? 200,
  };
}

function functionError(payload: unknown, requestId: string): StatesError {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as {
    errorType?: string;
    errorMessage?: string;
    trace?: string[];
    stackTrace?: string[];
  };
  if (!p.errorType)
    return new StatesError(
      'Lambda.Unknown',
      typeof payload === 'string' ? payload : 'The function failed without an error payload',
    );
  const cause = {
    errorMessage: p.errorMessage ?? '',
    errorType: p.errorType,
    requestId,
    stackTrace: p.stackTrace ?? p.trace ?? [],
  };
  return new StatesError(p.errorType, JSON.stringify(cause));
}

function parseOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
