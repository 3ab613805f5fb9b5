/**
 * JSONPath Choice rules (docs/aws/step-functions.md §5.3): operators, their Path forms, And/Or/Not, AWS's
 * type rules.
 */
import { runtimeError } from '../errors';
import { PathNotFound } from '../query/jsonpath';
import { readPath, type PathSources } from '../query/paths';
import { compareTimestamps, parseTimestamp } from '../query/timestamp';

export type Rule = Record<string, unknown>;

const COMPARE = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'] as const;
type Cmp = (typeof COMPARE)[number];

export const OPERATORS: string[] = [
  ...['String', 'Numeric', 'Timestamp'].flatMap((t) => COMPARE.flatMap((c) => [`${t}${c}`, `${t}${c}Path`])),
  'BooleanEquals',
  'BooleanEqualsPath',
  'StringMatches',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
];

/** A rule's operator, found once per rule object (rules belong to a validated, unchanging definition). */
const operatorOfRule = new WeakMap<Rule, string | undefined>();

function operatorOf(rule: Rule): string | undefined {
  if (operatorOfRule.has(rule)) return operatorOfRule.get(rule);
  const op = OPERATORS.find((o) => o in rule);
  operatorOfRule.set(rule, op);
  return op;
}

function cmp(kind: Cmp, d: number): boolean {
  switch (kind) {
    case 'Equals':
      return d === 0;
    case 'LessThan':
      return d < 0;
    case 'GreaterThan':
      return d > 0;
    case 'LessThanEquals':
      return d <= 0;
    case 'GreaterThanEquals':
      return d >= 0;
  }
}

/** `*` matches any run of characters; `\*` is a literal star, `\\` a literal backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[++i];
      if (next === undefined) throw runtimeError(`Invalid StringMatches pattern: ${pattern}`);
      re += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (ch === '*') re += '[\\s\\S]*';
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(re + '$', 'u').test(value);
}

function compareValues(type: string, kind: Cmp, a: unknown, b: unknown): boolean {
  if (type === 'String')
    return typeof a === 'string' && typeof b === 'string' && cmp(kind, a < b ? -1 : a > b ? 1 : 0);
  if (type === 'Numeric') return typeof a === 'number' && typeof b === 'number' && cmp(kind, a - b);
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const d = compareTimestamps(a, b);
  return d !== undefined && cmp(kind, d);
}

function missingPath(path: string): never {
  throw runtimeError(
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

function read(path: string, src: PathSources): { found: boolean; value?: unknown } {
  try {
    return { found: true, value: readPath(path, src) };
  } catch (e) {
    if (e instanceof PathNotFound) return { found: false };
    throw e;
  }
}

/** Evaluates one rule (top-level or nested). */
export function evaluateRule(rule: Rule, src: PathSources): boolean {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((r) => evaluateRule(r, src));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((r) => evaluateRule(r, src));
  if (rule.Not !== undefined) return !evaluateRule(rule.Not as Rule, src);
  const variable = rule.Variable as string;
  const op = operatorOf(rule);
  if (!op) throw runtimeError(`The choice rule has no comparison operator: ${JSON.stringify(rule)}`);
  const operand = rule[op];
  const v = read(variable, src);
  if (op === 'IsPresent') return v.found === operand;
  if (!v.found) missingPath(variable);
  const value = v.value;
  switch (op) {
    case 'IsNull':
      return (value === null) === operand;
    case 'IsNumeric':
      return (typeof value === 'number') === operand;
    case 'IsString':
      return (typeof value === 'string') === operand;
    case 'IsBoolean':
      return (typeof value === 'boolean') === operand;
    case 'IsTimestamp':
      return (parseTimestamp(value) !== undefined) === operand;
    case 'StringMatches':
      return typeof value === 'string' && stringMatches(value, operand as string);
  }
  let other = operand;
  let base = op;
  if (op.endsWith('Path')) {
    base = op.slice(0, -4);
    const o = read(operand as string, src);
    if (!o.found) missingPath(operand as string);
    other = o.value;
  }
  if (base === 'BooleanEquals') return typeof value === 'boolean' && value === other;
  const type = /^(String|Numeric|Timestamp)/.exec(base)![1]!;
  return compareValues(type, base.slice(type.length) as Cmp, value, other);
}
