/**
 * Choice state (docs/aws/step-functions.md §5.3, §3.3): first matching rule wins; no match and no Default is
 * States.Runtime.
 */
import { evaluateRule, type Rule } from './choice-rules';
import { assignJsonata, assignJsonPath, bindings, selectPath, sources } from './dataflow';
import { queryError, runtimeError } from '../errors';
import { evaluateExpression, evaluateTemplate, expressionOf } from '../query/jsonata';
import { contextObject, queryLanguage, type StateCall, type Step } from '../execution/runtime';

const NO_NEXT = 'Failed to transition out of the state. The state does not point to a next state.';

export async function choice(c: StateCall): Promise<Step> {
  const context = contextObject(c);
  const s = c.state;
  const rules = s.Choices as Rule[];
  if (queryLanguage(c) === 'JSONata') {
    const b = bindings(c, { input: c.input, context });
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const expr = expressionOf(rule.Condition);
      const ok =
        expr !== undefined ? await evaluateExpression(expr, `Choices[${i}]/Condition`, b) : rule.Condition;
      if (typeof ok !== 'boolean') {
        throw queryError(
          `The JSONata expression '${expr ?? JSON.stringify(ok)}' specified for the field 'Choices[${i}]/Condition' returned an unexpected result type. Expected 'boolean', but was '${typeof ok}' for value: ${JSON.stringify(ok)}`,
        );
      }
      if (!ok) continue;
      const output =
        rule.Output === undefined ? c.input : await evaluateTemplate(rule.Output, `Choices[${i}]/Output`, b);
      return {
        output,
        next: rule.Next as string,
        assigned: await assignJsonata(rule.Assign, b, `Choices[${i}]/Assign`),
      };
    }
    if (typeof s.Default !== 'string') throw runtimeError(NO_NEXT);
    const output = s.Output === undefined ? c.input : await evaluateTemplate(s.Output, 'Output', b);
    return { output, next: s.Default, assigned: await assignJsonata(s.Assign, b) };
  }
  const effective = selectPath(s.InputPath, sources(c, c.input, context));
  const src = sources(c, effective, context);
  const rule = rules.find((r) => evaluateRule(r, src));
  const next = (rule?.Next as string | undefined) ?? (s.Default as string | undefined);
  if (next === undefined) throw runtimeError(NO_NEXT);
  const assigned = assignJsonPath(rule ? rule.Assign : s.Assign, src);
  return { output: selectPath(s.OutputPath, src), next, assigned };
}
