/**
 * TestState (docs/aws/step-functions.md §9.6): runs one state of a definition on its own, given an input,
 * variables and optionally a mocked result or error, and answers `output`, `error`, `cause`, `nextState` and
 * `status` (SUCCEEDED | FAILED | RETRIABLE | CAUGHT_ERROR).
 *
 * How: the state is copied into a small machine of its own — an optional first Pass state that assigns
 * the given variables, the state, and a Succeed stub for every state it can move to — validated, then run
 * without its Retry on a separate engine on virtual time. Retry is not run: when the engine's retry rule
 * (`retrierFor`) would retry the error, given `stateConfiguration.retrierRetryCount`, the answer is RETRIABLE.
 * Not supported: the `context` override, and inspectionData beyond `input` and `variables`.
 */
import {
  InvalidDefinitionError,
  retrierFor,
  StatesError,
  type Integration,
  type IntegrationResolver,
  type Retrier,
} from '../engine';
import { ApiError } from './errors';
import { asBody, oneOf, optionalString, parseJson } from './fields';
import type { Store } from './store';

type Json = Record<string, unknown>;
const SETUP = '__TestStateVariables';
const stub = (i: number) => `__TestStateNext${i}`;

export async function testState(store: Store, request: unknown) {
  const body = asBody(request);
  const definition = optionalString(body, 'definition', 1_048_576);
  if (definition === undefined) throw validation('definition must be specified');
  const inspection = oneOf(body, 'inspectionLevel', ['INFO', 'DEBUG', 'TRACE'] as const) ?? 'INFO';
  const parsed = parseJson(definition);
  if (!parsed.ok || !isObject(parsed.value))
    throw new ApiError(
      'InvalidDefinition',
      `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${parsed.ok ? 'Definition must be a valid JSON object' : parsed.message}'`,
    );
  const { queryLanguage, stateName, state } = pickState(parsed.value, optionalString(body, 'stateName'));
  const input = jsonMember(body, 'input') ?? {};
  const variables = jsonMember(body, 'variables');
  if (variables !== undefined && !isObject(variables)) throw validation('variables must be a JSON object');
  const mock = body.mock === undefined ? undefined : asBody(body.mock);
  const type = String(state.Type);
  if (mock && !['Task', 'Map', 'Parallel'].includes(type))
    throw validation(`State type '${type}' is not supported when a mock is specified`);
  if (type === 'Task' && !mock && optionalString(body, 'roleArn') === undefined)
    throw validation('RoleArn must be specified when testing a Task state');

  // the state, its targets replaced by stubs; Retry validated with the rest, then left out (see above)
  const targets: string[] = [];
  const copy = retarget(state, (target) => stub(targets.push(target) - 1));
  const states: Json = { [stateName]: copy };
  targets.forEach((_, i) => (states[stub(i)] = { Type: 'Succeed' }));
  if (variables) states[SETUP] = setupState(queryLanguage, Object.keys(variables), stateName);
  const machine = {
    ...(queryLanguage ? { QueryLanguage: queryLanguage } : {}),
    StartAt: variables ? SETUP : stateName,
    States: states,
  };

  if (!store.testEngine)
    throw new ApiError(
      'ServiceUnavailable',
      'TestState is not available: the service was created without a test engine',
      503,
    );
  const integrations = mock ? mockIntegrations(mock, () => test.engine) : store.integrations;
  if (!integrations && type === 'Task')
    throw new ApiError(
      'ServiceUnavailable',
      'TestState without a mock needs the service to be given its integrations',
      503,
    );
  const stopped = stopReasons(integrations ?? (() => undefined));
  const test = store.testEngine(stopped.integrations);
  const invalid = test.engine.validate(machine, store.substitutions);
  if (invalid.some((d) => d.severity === 'ERROR'))
    throw new ApiError('InvalidDefinition', new InvalidDefinitionError(invalid).message);
  const retriers = (copy.Retry ?? []) as Retrier[];
  delete copy.Retry;
  const execution = test.engine.startExecution({
    stateMachineArn: `arn:aws:states:${store.region}:${store.accountId}:stateMachine:TestState`,
    stateMachineName: 'TestState',
    definition: machine,
    substitutions: store.substitutions,
    input: variables ? { variables, input } : input,
    roleArn: optionalString(body, 'roleArn'),
  });
  await test.drain(execution);
  const history = execution.history();

  const entered = history.findIndex(
    (e) =>
      e.type.endsWith('StateEntered') && (e.stateEnteredEventDetails as Json | undefined)?.name === stateName,
  );
  const next = history.findIndex((e, i) => i > entered && e.type.endsWith('StateEntered'));
  const nextName = next >= 0 ? String((history[next]!.stateEnteredEventDetails as Json).name) : undefined;
  const exited = history.find(
    (e) =>
      e.type.endsWith('StateExited') && (e.stateExitedEventDetails as Json | undefined)?.name === stateName,
  );
  const failure = lastFailure(history.slice(entered, next >= 0 ? next : undefined));
  const inspectionData =
    inspection === 'INFO'
      ? {}
      : {
          inspectionData: {
            input: JSON.stringify(input),
            ...(variables ? { variables: JSON.stringify(variables) } : {}),
          },
        };

  const retried = (body.stateConfiguration as Json | undefined)?.retrierRetryCount;
  if (
    failure &&
    retrierFor(retriers, stopped.asRaised(failure), () => (typeof retried === 'number' ? retried : 0)) >= 0
  ) {
    return { status: 'RETRIABLE', error: failure.error, cause: failure.cause, ...inspectionData };
  }
  const nextState = nextName !== undefined ? targets[Number(nextName.slice(stub(0).length - 1))] : undefined;
  const output = (exited?.stateExitedEventDetails as Json | undefined)?.output;
  if (failure && nextState !== undefined) {
    return {
      status: 'CAUGHT_ERROR',
      output,
      nextState,
      error: failure.error,
      cause: failure.cause,
      ...inspectionData,
    };
  }
  if (execution.status !== 'SUCCEEDED') {
    return {
      status: 'FAILED',
      error: execution.error ?? failure?.error,
      cause: execution.cause ?? failure?.cause,
      ...inspectionData,
    };
  }
  return {
    status: 'SUCCEEDED',
    output: output ?? JSON.stringify(execution.output ?? null),
    ...(nextState !== undefined ? { nextState } : {}),
    ...inspectionData,
  };
}

function validation(message: string): ApiError {
  return new ApiError('ValidationException', message);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonMember(body: Json, field: string): unknown {
  const text = optionalString(body, field);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok) throw validation(`${field} is not valid JSON: ${parsed.message}`);
  return parsed.value;
}

/** A whole machine (with `stateName`, default its StartAt) or a single state. */
function pickState(
  definition: Json,
  stateName: string | undefined,
): { queryLanguage?: string; stateName: string; state: Json } {
  const queryLanguage = typeof definition.QueryLanguage === 'string' ? definition.QueryLanguage : undefined;
  if (!isObject(definition.States)) {
    if (typeof definition.Type !== 'string')
      throw validation('definition must be a state (with a Type) or a state machine (with States)');
    return { queryLanguage: queryLanguage, stateName: stateName ?? 'TestState', state: definition };
  }
  const name = stateName ?? String(definition.StartAt);
  const state = definition.States[name];
  if (!isObject(state)) throw validation(`State '${name}' does not exist in the definition`);
  return { queryLanguage, stateName: name, state };
}

/** A copy of the state with every Next / Default / Choices[].Next / Catch[].Next passed through `to`. */
function retarget(state: Json, to: (target: string) => string): Json {
  const copy = structuredClone(state);
  if (typeof copy.Next === 'string') copy.Next = to(copy.Next);
  if (typeof copy.Default === 'string') copy.Default = to(copy.Default);
  for (const list of [copy.Choices, copy.Catch]) {
    if (Array.isArray(list))
      for (const rule of list) if (isObject(rule) && typeof rule.Next === 'string') rule.Next = to(rule.Next);
  }
  return copy;
}

/** Assigns the given variables from the execution input `{variables, input}` and passes `input` on. */
function setupState(queryLanguage: string | undefined, names: string[], next: string): Json {
  if (queryLanguage === 'JSONata') {
    const assign = Object.fromEntries(
      names.map((n) => [n, `{% $lookup($states.input.variables, ${JSON.stringify(n)}) %}`]),
    );
    return { Type: 'Pass', Assign: assign, Output: '{% $states.input.input %}', Next: next };
  }
  const assign = Object.fromEntries(names.map((n) => [`${n}.$`, `$.variables.${n}`]));
  return { Type: 'Pass', Assign: assign, OutputPath: '$.input', Next: next };
}

function lastFailure(
  events: { type: string; [k: string]: unknown }[],
): { error: string; cause: string } | undefined {
  for (const event of [...events].reverse()) {
    for (const [key, value] of Object.entries(event)) {
      if (
        key.endsWith('EventDetails') &&
        isObject(value) &&
        ('error' in value || event.type.endsWith('TimedOut'))
      ) {
        return { error: String(value.error ?? 'States.Timeout'), cause: String(value.cause ?? '') };
      }
    }
  }
  return undefined;
}

/**
 * The history keeps only an error's name and cause. The engine's matching also needs to know a heartbeat
 * expiry (recorded as States.Timeout) from a timeout: it is the reason the engine stopped the task's call.
 */
function stopReasons(integrations: IntegrationResolver) {
  let reason: StatesError | undefined;
  const watched: IntegrationResolver = (resource) => {
    const call = integrations(resource);
    if (!call) return undefined;
    return (task) => {
      task.signal.addEventListener(
        'abort',
        () => void (task.signal.reason instanceof StatesError && (reason = task.signal.reason)),
        { once: true },
      );
      return call(task);
    };
  };
  const asRaised = (failure: { error: string; cause: string }) =>
    reason?.error === failure.error ? reason : new StatesError(failure.error, failure.cause);
  return { integrations: watched, asRaised };
}

/** Every resource answers the mock: `result` (JSON text) or `errorOutput {error, cause}`; callbacks complete at once. */
function mockIntegrations(
  mock: Json,
  engine: () => {
    sendTaskSuccess(t: string, o: unknown): void;
    sendTaskFailure(t: string, e?: string, c?: string): void;
  },
): IntegrationResolver {
  const errorOutput = mock.errorOutput === undefined ? undefined : asBody(mock.errorOutput);
  const resultText = optionalString(mock, 'result');
  if (!errorOutput && resultText === undefined) throw validation('mock must have a result or an errorOutput');
  const result = resultText === undefined ? undefined : parseJson(resultText);
  if (result && !result.ok) throw validation(`mock.result is not valid JSON: ${result.message}`);
  const integration: Integration = async (task) => {
    const error = errorOutput
      ? new StatesError(String(errorOutput.error ?? ''), String(errorOutput.cause ?? ''))
      : undefined;
    if (task.pattern === 'waitForTaskToken' && task.taskToken) {
      const token = task.taskToken;
      setImmediate(() =>
        error
          ? engine().sendTaskFailure(token, error.error, error.cause)
          : engine().sendTaskSuccess(token, result!.ok ? result!.value : null),
      );
      return undefined;
    }
    if (error) throw error;
    return result!.ok ? result!.value : null;
  };
  return () => integration;
}
