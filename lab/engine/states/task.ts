/**
 * Task state (docs/aws/step-functions.md §5.2, §8.1): resolve the integration, call it, wait for a token if
 * asked.
 */
import {
  assignJsonata,
  assignJsonPath,
  applyResultPath,
  bindings,
  jsonataNumber,
  pathInteger,
  selectPath,
  sources,
} from './dataflow';
import { json, runtimeError } from '../errors';
import { evaluateTemplate } from '../query/jsonata';
import { callIntegration } from './invoke';
import { MAX_PAYLOAD_BYTES } from '../execution/limits';
import { applyTemplate } from '../query/payload';
import { parseResource } from './resource';
import { withRetryAndCatch } from './retry';
import { contextObject, nextOf, queryLanguage, type StateCall, type Step } from '../execution/runtime';
import { StatesError } from '../types';

export async function task(c: StateCall): Promise<Step> {
  const s = c.state;
  const jsonata = queryLanguage(c) === 'JSONata';
  const resource = parseResource(s.Resource as string);
  const { run } = c.t;
  const history = run.history;
  const prefix = resource.legacyLambda ? 'LambdaFunction' : 'Task';
  const ids = resource.legacyLambda
    ? {}
    : { resourceType: resource.eventType, resource: resource.eventResource };
  const effective = jsonata ? c.input : selectPath(s.InputPath, sources(c, c.input, contextObject(c)));

  return withRetryAndCatch(c, async (retryCount) => {
    const token = resource.pattern === 'waitForTaskToken' ? run.tokens.issue() : undefined;
    const context = contextObject(c, token ? { Task: { Token: token } } : {}, retryCount);
    const b = bindings(c, { input: c.input, context });
    const src = sources(c, effective, context);
    const parameters = jsonata
      ? s.Arguments === undefined
        ? c.input
        : await evaluateTemplate(s.Arguments, 'Arguments', b)
      : s.Parameters === undefined
        ? effective
        : applyTemplate(s.Parameters, src);
    const timeout = await seconds(c, 'TimeoutSeconds', b, src, jsonata);
    const heartbeat = await seconds(c, 'HeartbeatSeconds', b, src, jsonata);
    const integration = run.integrations(resource.resource);
    if (!integration) {
      if (resource.legacyLambda)
        throw new StatesError('Lambda.ResourceNotFoundException', `Function not found: ${resource.resource}`);
      throw runtimeError(`The resource provided ${resource.resource} is not recognized.`);
    }
    const scheduled: Record<string, unknown> = resource.legacyLambda
      ? { resource: resource.resource, input: json(parameters), inputDetails: { truncated: false } }
      : { ...ids, region: run.region, parameters: json(parameters) };
    if (timeout !== undefined) scheduled.timeoutInSeconds = timeout;
    if (heartbeat !== undefined) scheduled.heartbeatInSeconds = heartbeat;
    history.add(c.t.cursor, `${prefix}Scheduled`, scheduled);
    history.add(c.t.cursor, `${prefix}Started`, resource.legacyLambda ? undefined : { ...ids });
    let result: unknown;
    try {
      result = await callIntegration(c.t, {
        integration,
        resource,
        parameters,
        stateName: c.name,
        token,
        timeoutMs: timeout === undefined ? undefined : timeout * 1000,
        heartbeatMs: heartbeat === undefined ? undefined : heartbeat * 1000,
        onSubmitted: (response) =>
          history.add(c.t.cursor, 'TaskSubmitted', {
            ...ids,
            output: json(response),
            outputDetails: { truncated: false },
          }),
      });
    } catch (e) {
      if (e instanceof StatesError && !c.t.signal.aborted) {
        const timedOut = e.error === 'States.Timeout';
        history.add(c.t.cursor, `${prefix}${timedOut ? 'TimedOut' : 'Failed'}`, {
          ...ids,
          error: e.error,
          cause: e.cause,
        });
      }
      throw e;
    }
    const text = json(result);
    if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
      // AWS-REC: a result over the limit is States.DataLimitExceeded, catchable by States.ALL.
      const err = new StatesError(
        'States.DataLimitExceeded',
        `The state/task '${resource.resource}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
      history.add(c.t.cursor, `${prefix}Failed`, { ...ids, error: err.error, cause: err.cause });
      throw err;
    }
    history.add(c.t.cursor, `${prefix}Succeeded`, {
      ...ids,
      output: text,
      outputDetails: { truncated: false },
    });
    if (jsonata) {
      const after = bindings(c, { input: c.input, context, result });
      const output = s.Output === undefined ? result : await evaluateTemplate(s.Output, 'Output', after);
      return { output, next: nextOf(s), assigned: await assignJsonata(s.Assign, after) };
    }
    const selected =
      s.ResultSelector === undefined ? result : applyTemplate(s.ResultSelector, sources(c, result, context));
    // UNCONFIRMED: `$` in a JSONPath Task's Assign is the result after ResultSelector.
    const assigned = assignJsonPath(s.Assign, sources(c, selected, context));
    const combined = applyResultPath(s, c.input, selected);
    return { output: selectPath(s.OutputPath, sources(c, combined, context)), next: nextOf(s), assigned };
  });
}

async function seconds(
  c: StateCall,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
  b: Record<string, unknown>,
  src: ReturnType<typeof sources>,
  jsonata: boolean,
): Promise<number | undefined> {
  const value = c.state[field];
  const path = c.state[`${field}Path`];
  if (value !== undefined) return jsonata ? jsonataNumber(value, field, b, { min: 1 }) : (value as number);
  if (typeof path === 'string' && !jsonata) return pathInteger(path, `${field}Path`, src, 1);
  return undefined;
}
