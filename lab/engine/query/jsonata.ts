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

/**
 * The Step Functions functions check their arguments as AWS does (AWS-REC, the second recorded set in
 * docs/engine.md): a wrong argument is jsonata's T0410 "Argument N of function … does not match
 * function signature", one too many is T0410 for that argument, and their own errors carry D3137/T0412.
 */
function mismatch(name: string, index: number): Error {
  // jsonata writes the message from the code, the index and the token
  return Object.assign(
    new Error(`Argument ${index} of function "${name}" does not match function signature`),
    {
      code: 'T0410',
      index,
      token: name,
    },
  );
}

function atMost(name: string, args: unknown[], max: number): void {
  if (args.length > max) throw mismatch(name, max + 1);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** $range(start, end, step): each cut to a whole number, end included when reached; one element is a scalar. */
function range(...args: unknown[]): unknown {
  atMost('range', args, 3);
  if (args.length < 3 || args.some((a) => a === undefined)) return undefined;
  args.forEach((a, i) => {
    if (!isNumber(a)) throw mismatch('range', i + 1);
  });
  const [start, end, step] = (args as number[]).map(Math.trunc) as [number, number, number];
  if (step === 0) return undefined;
  const out: number[] = [];
  for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i);
  return out.length > 1 ? out : out[0];
}

/** $partition(array, size?): no size makes one chunk; size 0 or no chunks is undefined. */
function partition(...args: unknown[]): unknown {
  atMost('partition', args, 2);
  const [array, size] = args;
  if (array === undefined) return undefined;
  if (!Array.isArray(array))
    throw Object.assign(new Error('Argument 1 of function "partition" must be an array of undefined'), {
      code: 'T0412',
      index: 1,
      token: 'partition',
    });
  if (size === undefined) return [array];
  if (!isNumber(size)) throw mismatch('partition', 2);
  if (size < 0) throw Object.assign(new Error('Second argument must be zero or greater'), { code: 'D3137' });
  const n = Math.trunc(size);
  if (n === 0 || array.length === 0) return undefined;
  const out: unknown[][] = [];
  for (let i = 0; i < array.length; i += n) out.push(array.slice(i, i + n));
  return out;
}

const HASHES: Record<string, string> = {
  'SHA-1': 'sha1',
  'SHA-384': 'sha384',
  'SHA-256': 'sha256',
  'SHA-512': 'sha512',
  MD5: 'md5',
};

/** $hash(text, algorithm): text must be a string; the algorithm one of AWS's five, spelled exactly. */
function hash(...args: unknown[]): unknown {
  atMost('hash', args, 2);
  if (args.length === 0) throw mismatch('hash', 1);
  const [text, algorithm] = args;
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw mismatch('hash', 1);
  if (args.length === 1) return undefined;
  const name = typeof algorithm === 'string' ? HASHES[algorithm] : undefined;
  if (!name)
    throw Object.assign(
      new Error(
        `Hash algorithm '${algorithm == null ? 'null' : String(algorithm)}' must be one of ${Object.keys(HASHES).join(', ')}`,
      ),
      { code: 'D3137' },
    );
  return createHash(name).update(text, 'utf8').digest('hex');
}

function random(...args: unknown[]): number {
  atMost('random', args, 1);
  if (args.length === 1 && args[0] !== undefined && !isNumber(args[0])) throw mismatch('random', 1);
  return isNumber(args[0]) ? seededRandom(args[0]) : Math.random();
}

function uuid(...args: unknown[]): string {
  if (args.length > 0) throw mismatch('uuid', 1);
  return randomUUID();
}

function parse(...args: unknown[]): unknown {
  atMost('parse', args, 1);
  const [text] = args;
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw mismatch('parse', 1);
  return JSON.parse(text);
}

/** jsonata's own `$fromMillis`, compiled apart so the override below can call it. */
const jsonataFromMillis = jsonata('$fromMillis($t, $p, $z)');

/** AWS reads a timezone only as `±HHMM`; any other (`'utc'`) is ignored, as if none was given (AWS-REC). */
const timezoneOf = (zone: unknown) =>
  typeof zone === 'string' && /^[+-]\d{4}$/.test(zone) ? zone : undefined;

/** `$fromMillis(millis, picture?, timezone?)`: millis that are not a number give undefined (AWS-REC). */
function fromMillis(...args: unknown[]): unknown {
  atMost('fromMillis', args, 3);
  const [millis, picture, zone] = args;
  if (typeof millis !== 'number') return undefined;
  if (picture !== undefined && typeof picture !== 'string') throw mismatch('fromMillis', 2);
  return jsonataFromMillis.evaluate(undefined, { t: millis, p: picture, z: timezoneOf(zone) });
}

export const stepFunctionsFunctions: Record<string, unknown> = {
  fromMillis,
  partition,
  range,
  hash,
  random,
  uuid,
  parse,
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
    millis: (...args: unknown[]) => {
      if (args.length > 0) throw mismatch('millis', 1);
      return epochMs;
    },
    now: (...args: unknown[]) => {
      atMost('now', args, 2);
      args.forEach((a, i) => {
        if (a !== undefined && typeof a !== 'string') throw mismatch('now', i + 1);
      });
      return compile('$fromMillis($t, $p, $z)').evaluate(undefined, { t: epochMs, p: args[0], z: args[1] });
    },
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

/** A lambda (`function($x){…}`) or a partially applied function: jsonata represents them as objects. */
function isJsonataFunction(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v._jsonata_lambda === true || v._jsonata_function === true;
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
  if (typeof result === 'function' || isJsonataFunction(result))
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
