/**
 * Definition checks of Choice states (docs/aws/step-functions.md §5.3): rules, operators, operand types,
 * targets.
 */
import { OPERATORS } from '../states/choice-rules';
import { expressionOf } from '../query/jsonata';
import type { StateDef } from '../execution/runtime';
import { parseTimestamp } from '../query/timestamp';
import type { Checks } from './checks';

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function checkChoice(
  c: Checks,
  s: StateDef,
  at: string,
  jsonata: boolean,
  states: Record<string, unknown>,
): void {
  if (!Array.isArray(s.Choices)) return c.schema('These fields are required: [Choices]', at);
  if (s.Choices.length === 0) return c.schema('Value cannot be empty', `${at}/Choices`);
  if (s.Default !== undefined) c.target(s.Default, states, `${at}/Default`);
  (s.Choices as unknown[]).forEach((rule, i) => {
    const loc = `${at}/Choices[${i}]`;
    if (!isObj(rule)) return c.schema('Expected value of type [OBJECT]', loc);
    if (rule.Next === undefined) c.schema('These fields are required: [Next]', loc);
    else c.target(rule.Next, states, `${loc}/Next`);
    if (rule.Assign !== undefined) {
      c.assign(rule.Assign, `${loc}/Assign`);
      if (jsonata) c.jsonata(rule.Assign, `${loc}/Assign`, {});
      else c.template(rule.Assign, `${loc}/Assign`);
    }
    if (jsonata) {
      if (rule.Condition === undefined) c.schema('These fields are required: [Condition]', loc);
      else if (typeof rule.Condition !== 'boolean' && expressionOf(rule.Condition) === undefined)
        c.schema('Expected value of type [BOOLEAN] or a JSONata expression', `${loc}/Condition`);
      else c.jsonata(rule.Condition, `${loc}/Condition`, {});
      if (rule.Output !== undefined) c.jsonata(rule.Output, `${loc}/Output`, {});
      for (const k of Object.keys(rule))
        if (!['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(k))
          c.schema(`Field '${k}' is not supported`, `${loc}/${k}`);
    } else {
      if (rule.Output !== undefined)
        c.schema(
          "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
          `${loc}/Output`,
        );
      checkRule(c, rule, loc, true);
    }
  });
}

function checkRule(c: Checks, rule: Record<string, unknown>, loc: string, top: boolean): void {
  if (!top && rule.Next !== undefined)
    c.schema("Nested choice rules can not have a 'Next' field", `${loc}/Next`);
  for (const op of ['And', 'Or'] as const) {
    if (rule[op] === undefined) continue;
    const list = rule[op];
    if (!Array.isArray(list) || list.length === 0) return c.schema('Value cannot be empty', `${loc}/${op}`);
    return list.forEach((r, i) =>
      isObj(r)
        ? checkRule(c, r, `${loc}/${op}[${i}]`, false)
        : c.schema('Expected value of type [OBJECT]', `${loc}/${op}[${i}]`),
    );
  }
  if (rule.Not !== undefined)
    return isObj(rule.Not)
      ? checkRule(c, rule.Not, `${loc}/Not`, false)
      : c.schema('Expected value of type [OBJECT]', `${loc}/Not`);
  const ops = OPERATORS.filter((o) => o in rule);
  if (ops.length !== 1)
    return c.schema(
      ops.length === 0
        ? 'A choice rule must have exactly one comparison operator'
        : `A choice rule can have only one comparison operator, found: [${ops.join(', ')}]`,
      loc,
    );
  if (typeof rule.Variable !== 'string') return c.schema('These fields are required: [Variable]', loc);
  c.path(rule.Variable, `${loc}/Variable`);
  const op = ops[0]!;
  const v = rule[op];
  const at = `${loc}/${op}`;
  if (op.endsWith('Path')) return c.path(v, at);
  if (op.startsWith('Is') || op === 'BooleanEquals') {
    if (typeof v !== 'boolean') c.schema('Expected value of type [BOOLEAN]', at);
  } else if (op.startsWith('Numeric')) {
    if (typeof v !== 'number') c.schema('Expected value of type [NUMBER]', at);
  } else if (op.startsWith('Timestamp')) {
    if (parseTimestamp(v) === undefined) c.schema('String does not match RFC3339 timestamp', at);
  } else if (typeof v !== 'string') c.schema('Expected value of type [STRING]', at);
}
