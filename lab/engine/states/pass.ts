/** Pass, Succeed and Fail states (docs/aws/step-functions.md §5.1, §5.5, §5.6). */
import { assignJsonata, assignJsonPath, applyResultPath, bindings, selectPath, sources } from './dataflow';
import { runtimeError } from '../errors';
import { evaluateExpression, evaluateTemplate, expressionOf } from '../query/jsonata';
import { applyTemplate, evaluateDynamic } from '../query/payload';
import { contextObject, nextOf, queryLanguage, type StateCall, type Step } from '../execution/runtime';
import { TaskFailure } from '../execution/tokens';

export async function pass(c: StateCall): Promise<Step> {
  const context = contextObject(c);
  if (queryLanguage(c) === 'JSONata') {
    const b = bindings(c, { input: c.input, context });
    const output =
      c.state.Output === undefined ? c.input : await evaluateTemplate(c.state.Output, 'Output', b);
    return { output, next: nextOf(c.state), assigned: await assignJsonata(c.state.Assign, b) };
  }
  const effective = selectPath(c.state.InputPath, sources(c, c.input, context));
  const src = sources(c, effective, context);
  const result =
    'Result' in c.state
      ? c.state.Result
      : c.state.Parameters !== undefined
        ? applyTemplate(c.state.Parameters, src)
        : effective;
  const assigned = assignJsonPath(c.state.Assign, sources(c, result, context));
  const combined = applyResultPath(c.state, c.input, result);
  return {
    output: selectPath(c.state.OutputPath, sources(c, combined, context)),
    next: nextOf(c.state),
    assigned,
  };
}

export async function succeed(c: StateCall): Promise<Step> {
  const context = contextObject(c);
  if (queryLanguage(c) === 'JSONata') {
    const b = bindings(c, { input: c.input, context });
    return {
      output: c.state.Output === undefined ? c.input : await evaluateTemplate(c.state.Output, 'Output', b),
      next: undefined,
    };
  }
  const effective = selectPath(c.state.InputPath, sources(c, c.input, context));
  return { output: selectPath(c.state.OutputPath, sources(c, effective, context)), next: undefined };
}

export async function fail(c: StateCall): Promise<Step> {
  const context = contextObject(c);
  const s = c.state;
  let error: unknown = s.Error;
  let cause: unknown = s.Cause;
  if (queryLanguage(c) === 'JSONata') {
    const b = bindings(c, { input: c.input, context });
    for (const field of ['Error', 'Cause'] as const) {
      const expr = expressionOf(s[field]);
      if (expr === undefined) continue;
      const v = await evaluateExpression(expr, field, b);
      if (typeof v !== 'string')
        throw runtimeError(
          `The JSONata expression '${expr}' specified for the field '${field}' must evaluate to a string, but was: ${JSON.stringify(v)}`,
        );
      if (field === 'Error') error = v;
      else cause = v;
    }
  } else {
    const src = sources(c, c.input, context);
    if (typeof s.ErrorPath === 'string') error = evaluateDynamic(s.ErrorPath, 'ErrorPath', src);
    if (typeof s.CausePath === 'string') cause = evaluateDynamic(s.CausePath, 'CausePath', src);
    for (const [field, v] of [
      ['ErrorPath', error],
      ['CausePath', cause],
    ] as const) {
      if (v !== undefined && typeof v !== 'string')
        throw runtimeError(
          `The value of the field '${field}' must be a string, but was: ${JSON.stringify(v)}`,
        );
    }
  }
  throw new TaskFailure(error as string | undefined, cause as string | undefined);
}
