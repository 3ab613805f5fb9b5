/**
 * JSONata as Step Functions runs it: jsonata@2.0.6 with `$states`, the variables, the Step Functions
 * functions ($partition, $range, $hash, $random, $uuid, $parse) and no `$eval`.
 */
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { json, queryError } from '../errors';
import { seededRandom } from './intrinsics';

const cache = new Map<string, jsonata.Expression>();

export const JSONATA = /^\{%([\s\S]*)%\}$/;

/** The expression inside `{% … %}`, or undefined if the string is not a JSONata expression. */
export function expressionOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = JSONATA.exec(value);
  return m ? m[1]!.trim() : undefined;
}

/**
 * Compiles (cached); throws jsonata's error for bad syntax. The Step Functions functions are bound into
 * the compiled expression once, so an evaluation passes only its own bindings (which may shadow them).
 */
export function compile(expr: string): jsonata.Expression {
  let compiled = cache.get(expr);
  if (!compiled) {
    compiled = jsonata(expr);
    for (const [name, value] of Object.entries(stepFunctionsFunctions)) compiled.assign(name, value);
    cache.set(expr, compiled);
  }
  return compiled;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** $range(start, end, step): inclusive; a single element collapses to a scalar (AWS-REC). */
function range(start: number, end: number, step: number): unknown {
  if (typeof step !== 'number' || step === 0 || (end - start) * step < 0) return undefined;
  const out: number[] = [];
  for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i);
  return out.length === 1 ? out[0] : out;
}

function partition(array: unknown[], size: number): unknown {
  const n = Math.trunc(size);
  if (!Array.isArray(array) || array.length === 0 || !(n > 0)) return undefined;
  const out: unknown[][] = [];
  for (let i = 0; i < array.length; i += n) out.push(array.slice(i, i + n));
  return out;
}

function hash(value: unknown, algo: string): string {
  const name = HASHES[algo];
  if (!name) throw Object.assign(new Error(`Unsupported hash algorithm: ${algo}`), { code: 'D3137' });
  return createHash(name)
    .update(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')
    .digest('hex');
}

export const stepFunctionsFunctions: Record<string, unknown> = {
  partition,
  range,
  hash,
  random: (seed?: number) => (typeof seed === 'number' ? seededRandom(seed) : Math.random()),
  uuid: () => randomUUID(),
  parse: (text: string) => JSON.parse(text),
  eval: undefined, // disabled: calling it gives T1006 "Attempted to invoke a non-function"
};

/**
 * `$now()` and `$millis()` on the lab clock (jsonata-js reads the real clock), so a workflow sees the
 * wall time a scenario sets. One instant per evaluation, as in JSONata.
 */
export function labTime(epochMs: number): Record<string, unknown> {
  if (lastLabTime?.epochMs !== epochMs) lastLabTime = { epochMs, functions: labTimeFunctions(epochMs) };
  return lastLabTime.functions;
}

/** States entered in the same lab millisecond share their `$now`/`$millis` pair. */
let lastLabTime: { epochMs: number; functions: Record<string, unknown> } | undefined;

function labTimeFunctions(epochMs: number): Record<string, unknown> {
  return {
    millis: () => epochMs,
    now: (picture?: string, timezone?: string) =>
      compile('$fromMillis($t, $p, $z)').evaluate(undefined, { t: epochMs, p: picture, z: timezone }),
  };
}

/** Turns JSONata's result into plain JSON (sequences, NaN/Infinity as AWS's Java runtime writes them). */
function plain(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : String(value); // -0 is 0 in JSON
  if (Array.isArray(value)) return value.filter((x) => typeof x !== 'function').map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined && typeof v !== 'function') out[k] = plain(v);
    }
    return out;
  }
  return value;
}

/** Evaluates one `{% %}` expression for `field`; failures are States.QueryEvaluationError. */
export async function evaluateExpression(
  expr: string,
  field: string,
  bindings: Record<string, unknown>,
): Promise<unknown> {
  let result: unknown;
  try {
    result = await compile(expr).evaluate(undefined, bindings);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    throw queryError(
      `The JSONata expression '${expr}' specified for the field '${field}' threw an error during evaluation. ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`,
    );
  }
  if (result === undefined)
    throw queryError(
      `The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`,
    );
  if (typeof result === 'function')
    throw queryError(
      `The JSONata expression '${expr}' specified for the field '${field}' returned an unsupported result type.`,
    );
  return plain(result);
}

/** Evaluates every `{% %}` string inside a JSON value (Arguments, Output, Assign, ItemSelector…). */
export async function evaluateTemplate(
  template: unknown,
  field: string,
  bindings: Record<string, unknown>,
): Promise<unknown> {
  const expr = expressionOf(template);
  if (expr !== undefined) return evaluateExpression(expr, field, bindings);
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (let i = 0; i < template.length; i++)
      out.push(await evaluateTemplate(template[i], `${field}[${i}]`, bindings));
    return out;
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template))
      out[k] = await evaluateTemplate(v, `${field}/${k}`, bindings);
    return out;
  }
  return template;
}

/** The type name AWS uses in "Expected 'array', but was 'number'" messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function unexpectedType(expr: string | undefined, field: string, expected: string, value: unknown) {
  return queryError(
    `The JSONata expression '${expr ?? json(value)}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${typeName(value)}' for value: ${json(value)}`,
  );
}
