/**
 * A tiny interpreter for tables of parameter rules. Each action's table says, per parameter: required or
 * not, what values are allowed, and the documented default. `readFields` turns raw parameters into
 * normalised ones (numeric strings → numbers, defaults filled) or the first problem, as an ACTION_FAILED
 * ErrorType and a message that names the parameter and the bad value.
 */
import type { ActionErrorType } from '../errors';
import { describeValue, isPlainObject, maskNumber } from '../values';

export interface Failure {
  errorType: ActionErrorType;
  errorMessage: string;
}

/** What a rule says about one value: its normalised form, or what was expected of it. */
export type Verdict = { value: unknown } | { expected: string } | { failure: Failure };

export type Rule =
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'oneOf'; values: readonly (string | number)[] }
  | { kind: 'string'; pattern?: RegExp; maxLength?: number; expected?: string }
  | { kind: 'boolean' }
  | { kind: 'regex' }
  /** An array of single DTMF keys, each matching `key`. */
  | { kind: 'keys'; key: RegExp; expected: string }
  | { kind: 'list'; item: Rule; min?: number; max?: number }
  | { kind: 'object'; fields: Fields }
  | { kind: 'stringMap' }
  | { kind: 'custom'; check: (value: unknown, path: string) => Verdict };

/** How an invalid value is reported: AWS's ErrorType and the first sentence of its message. */
export interface Invalid {
  errorType: ActionErrorType;
  /** e.g. "Audio Source parameter value is invalid." */
  message: string;
}

export interface Field {
  rule: Rule;
  required?: boolean;
  /** The documented default, or a function of the other (normalised) parameters. */
  default?: unknown;
  /** Overrides how invalid values here (and inside, for objects) are reported. */
  invalid?: Invalid;
  /** How to render a bad value: phone numbers masked, secrets and digit strings not at all. */
  render?: 'phone' | 'hidden';
}

export type Fields = Record<string, Field>;

export const integer = (min?: number, max?: number): Rule => ({ kind: 'integer', min, max });
export const oneOf = (...values: (string | number)[]): Rule => ({ kind: 'oneOf', values });
export const text = (options: { pattern?: RegExp; maxLength?: number; expected?: string } = {}): Rule => ({
  kind: 'string',
  ...options,
});

export function invalid(path: string, expected: string, got: string, how?: Invalid): Failure {
  const errorType = how?.errorType ?? 'InvalidActionParameter';
  const lead = how?.message ?? `${path} parameter value is invalid.`;
  return { errorType, errorMessage: `${lead} ${path} must be ${expected}; got ${got}.` };
}

export function missing(path: string): Failure {
  return { errorType: 'MissingRequiredActionParameter', errorMessage: `${path} is a required parameter.` };
}

function render(value: unknown, field: Field): string {
  if (field.render === 'phone') return maskNumber(value);
  if (field.render === 'hidden')
    return typeof value === 'string' ? `a string of ${value.length} characters` : describeValue(value);
  return describeValue(value);
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  if (min !== undefined) return `an integer of at least ${min}`;
  if (max !== undefined) return `an integer of at most ${max}`;
  return 'an integer';
}

/** Jackson-style coercion, which is why AWS takes "3000" for 3000. */
function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function judge(rule: Rule, value: unknown, path: string, how: Invalid | undefined): Verdict {
  switch (rule.kind) {
    case 'integer': {
      const n = toInteger(value);
      const ok =
        n !== undefined &&
        (rule.min === undefined || n >= rule.min) &&
        (rule.max === undefined || n <= rule.max);
      return ok ? { value: n } : { expected: rangeText(rule.min, rule.max) };
    }
    case 'oneOf': {
      const found = rule.values.find((v) => v === value || (typeof v === 'number' && toInteger(value) === v));
      const names = rule.values.map((v) => JSON.stringify(v));
      return found !== undefined
        ? { value: found }
        : { expected: names.length === 1 ? names[0] : `one of ${names.join(', ')}` };
    }
    case 'string': {
      const expected =
        rule.expected ??
        (rule.maxLength
          ? `a non-empty string of at most ${rule.maxLength} characters`
          : 'a non-empty string');
      const ok =
        typeof value === 'string' &&
        value.length > 0 &&
        (rule.maxLength === undefined || value.length <= rule.maxLength) &&
        (rule.pattern === undefined || rule.pattern.test(value));
      return ok ? { value } : { expected };
    }
    case 'boolean':
      // Jackson also reads "true"/"false" as booleans.
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return { expected: 'true or false' };
    case 'regex':
      if (typeof value !== 'string' || value === '') return { expected: 'a non-empty regular expression' };
      try {
        new RegExp(value);
        return { value };
      } catch {
        return { expected: 'a valid regular expression' };
      }
    case 'keys':
      return Array.isArray(value) &&
        value.every((k) => typeof k === 'string' && k.length === 1 && rule.key.test(k))
        ? { value: [...value] }
        : { expected: `an array of single keys from ${rule.expected}` };
    case 'list': {
      const { min = 0, max } = rule;
      const size =
        max === undefined
          ? `${min} or more items`
          : min === max
            ? `exactly ${min} item${min === 1 ? '' : 's'}`
            : `${min}–${max} items`;
      if (!Array.isArray(value) || value.length < min || (max !== undefined && value.length > max)) {
        return { expected: `an array of ${size}` };
      }
      const items: unknown[] = [];
      for (const [i, item] of value.entries()) {
        const result = readValue(`${path}[${i}]`, item, { rule: rule.item }, how);
        if ('failure' in result) return result;
        items.push(result.value);
      }
      return { value: items };
    }
    case 'object':
      return isPlainObject(value)
        ? readFields(value, rule.fields, `${path}.`, how)
        : { expected: 'an object' };
    case 'stringMap':
      return isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string')
        ? { value: { ...value } }
        : { expected: 'a map of strings to strings' };
    case 'custom':
      return rule.check(value, path);
  }
}

function readValue(
  path: string,
  value: unknown,
  field: Field,
  inherited: Invalid | undefined,
): { value: unknown } | { failure: Failure } {
  const how = field.invalid ?? inherited;
  const verdict = judge(field.rule, value, path, how);
  if ('expected' in verdict) return { failure: invalid(path, verdict.expected, render(value, field), how) };
  return verdict;
}

/**
 * Reads `params` against `fields`: unknown parameters pass through as given; null counts as absent.
 * `prefix` is the path of the enclosing object ("SpeechParameters.") for messages.
 */
export function readFields(
  params: Record<string, unknown>,
  fields: Fields,
  prefix = '',
  inherited?: Invalid,
): { value: Record<string, unknown> } | { failure: Failure } {
  const out: Record<string, unknown> = { ...params };
  const defaults: [string, unknown][] = [];
  for (const [name, field] of Object.entries(fields)) {
    const value = params[name];
    if (value === undefined || value === null) {
      delete out[name];
      if (field.required) return { failure: missing(prefix + name) };
      if (field.default !== undefined) defaults.push([name, field.default]);
      continue;
    }
    const result = readValue(prefix + name, value, field, inherited);
    if ('failure' in result) return result;
    out[name] = result.value;
  }
  for (const [name, value] of defaults) {
    const filled =
      typeof value === 'function'
        ? (value as (p: Record<string, unknown>) => unknown)(out)
        : structuredClone(value);
    if (filled !== undefined) out[name] = filled;
  }
  return { value: out };
}
