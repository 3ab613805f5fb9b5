/** The intrinsic functions (States.*) with AWS's quirks (docs/aws/step-functions.md §7, §11). */
import { createHash, randomUUID } from 'node:crypto';
import { runtimeError } from '../errors';
import { parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from './intrinsic-parser';
import { isValidPath } from './jsonpath';

/** A function's own failure (not a path that matched nothing): AWS names the whole expression first. */
class FunctionFailure extends Error {}

type Fn = (args: unknown[], raw: (string | undefined)[]) => unknown;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function need(name: string, cond: boolean, what: string): void {
  if (!cond) throw new FunctionFailure(`Invalid arguments in ${name}: ${what}`);
}

function count(name: string, args: unknown[], min: number, max = min): void {
  need(
    name,
    args.length >= min && args.length <= max,
    `expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`,
  );
}

/** Java-style rendering used by States.Format for objects and arrays (AWS-REC: `{Arg1=1, Arg2=[]}`). */
function javaString(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(javaString).join(', ')}]`;
  if (isObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${javaString(x)}`)
      .join(', ')}}`;
  return String(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Java's Math.round: halves round up (towards positive infinity). */
const javaRound = (x: number) => Math.floor(x + 0.5);

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Deterministic generator for seeded randoms (AWS's algorithm is not reproducible; UNCONFIRMED). */
export function seededRandom(seed: number): number {
  let t = (Math.trunc(seed) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const FUNCTIONS: Record<string, Fn> = {
  'States.Format': (args, raw) => {
    need(
      'States.Format',
      args.length >= 1 && typeof args[0] === 'string',
      'the first argument must be a string',
    );
    const parts = raw[0] !== undefined ? literalFormatParts(raw[0]) : formatParts(args[0] as string);
    need(
      'States.Format',
      parts.length - 1 === args.length - 1,
      `number of arguments do not match the occurrences of {}.`,
    );
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i++) out += renderFormatArg(args[i]) + parts[i]!;
    return out;
  },
  'States.StringToJson': (args) => {
    count('States.StringToJson', args, 1);
    need('States.StringToJson', typeof args[0] === 'string', 'the argument must be a string');
    const text = (args[0] as string).trim();
    if (text === '') return null;
    try {
      return JSON.parse(text, (_k, v) => (Object.is(v, -0) ? 0 : v));
    } catch (e) {
      throw new FunctionFailure(`Invalid arguments in States.StringToJson: ${(e as Error).message}`);
    }
  },
  'States.JsonToString': (args) => {
    count('States.JsonToString', args, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => [...args],
  'States.ArrayPartition': (args) => {
    count('States.ArrayPartition', args, 2);
    const [arr, n] = args;
    need('States.ArrayPartition', Array.isArray(arr), 'the first argument must be an array');
    // AWS-REC: a fractional size is cut to a whole number (2.6 → 2), then must be at least 1
    const size = typeof n === 'number' ? Math.trunc(n) : NaN;
    need('States.ArrayPartition', size > 0, 'the chunk size must be a positive integer');
    const out: unknown[][] = [];
    for (let i = 0; i < (arr as unknown[]).length; i += size) out.push((arr as unknown[]).slice(i, i + size));
    return out;
  },
  'States.ArrayContains': (args) => {
    count('States.ArrayContains', args, 2);
    need('States.ArrayContains', Array.isArray(args[0]), 'the first argument must be an array');
    return (args[0] as unknown[]).some((x) => deepEqual(x, args[1]));
  },
  'States.ArrayRange': (args) => {
    count('States.ArrayRange', args, 3);
    need(
      'States.ArrayRange',
      args.every((x) => typeof x === 'number' && Number.isFinite(x)),
      'the arguments must be numbers',
    );
    // AWS-REC: fractional arguments are cut to whole numbers: (1.4, 5.6, 2.2) is (1, 5, 2)
    const [a, b, step] = (args as number[]).map(Math.trunc) as [number, number, number];
    need('States.ArrayRange', step !== 0, 'the step must not be 0');
    const out: number[] = [];
    for (let i = a; step > 0 ? i <= b : i >= b; i += step) {
      out.push(i);
      need('States.ArrayRange', out.length <= 1000, 'the range has more than 1000 items');
    }
    return out;
  },
  'States.ArrayGetItem': (args) => {
    count('States.ArrayGetItem', args, 2);
    const [arr, i] = args;
    need('States.ArrayGetItem', Array.isArray(arr), 'the first argument must be an array');
    need('States.ArrayGetItem', typeof i === 'number' && Number.isFinite(i), 'the index must be a number');
    // AWS-REC: a fractional index is cut (1.2 reads item 1); any index into [] is null; out of range fails
    const index = Math.trunc(i as number);
    const list = arr as unknown[];
    if (list.length === 0) return null;
    need('States.ArrayGetItem', index >= 0 && index < list.length, `index ${String(i)} is out of bounds`);
    return list[index];
  },
  'States.ArrayLength': (args) => {
    count('States.ArrayLength', args, 1);
    need('States.ArrayLength', Array.isArray(args[0]), 'the argument must be an array');
    return (args[0] as unknown[]).length;
  },
  'States.ArrayUnique': (args) => {
    count('States.ArrayUnique', args, 1);
    need('States.ArrayUnique', Array.isArray(args[0]), 'the argument must be an array');
    const seen = new Set<string>();
    return (args[0] as unknown[]).filter((x) => {
      const key = canonical(x);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
  'States.Base64Encode': (args) => {
    count('States.Base64Encode', args, 1);
    need(
      'States.Base64Encode',
      typeof args[0] === 'string' && args[0].length <= 10000,
      'the argument must be a string of at most 10000 characters',
    );
    return Buffer.from(args[0] as string, 'utf8').toString('base64');
  },
  'States.Base64Decode': (args) => {
    count('States.Base64Decode', args, 1);
    need(
      'States.Base64Decode',
      typeof args[0] === 'string' && args[0].length <= 10000,
      'the argument must be a string of at most 10000 characters',
    );
    return Buffer.from(args[0] as string, 'base64').toString('utf8');
  },
  'States.Hash': (args) => {
    count('States.Hash', args, 2);
    const [data, algo] = args;
    need(
      'States.Hash',
      typeof algo === 'string' && algo in HASHES,
      'the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512',
    );
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    need('States.Hash', text.length <= 10000, 'the data must be at most 10000 characters');
    return createHash(HASHES[algo as string]!)
      .update(text, 'utf8')
      .digest('hex');
  },
  'States.JsonMerge': (args) => {
    count('States.JsonMerge', args, 3);
    const [a, b, deep] = args;
    need('States.JsonMerge', isObject(a) && isObject(b), 'the first two arguments must be objects');
    need('States.JsonMerge', deep === false, 'only a shallow merge (false) is supported');
    return { ...(a as object), ...(b as object) };
  },
  'States.MathRandom': (args) => {
    count('States.MathRandom', args, 2, 3);
    const [start, end, seed] = args;
    need(
      'States.MathRandom',
      typeof start === 'number' && typeof end === 'number',
      'start and end must be numbers',
    );
    const lo = Math.trunc(start as number);
    const hi = Math.trunc(end as number);
    need('States.MathRandom', hi > lo, 'end must be greater than start');
    const r = typeof seed === 'number' ? seededRandom(seed) : Math.random();
    return lo + Math.floor(r * (hi - lo)); // end exclusive: UNCONFIRMED
  },
  'States.MathAdd': (args) => {
    count('States.MathAdd', args, 2);
    need(
      'States.MathAdd',
      typeof args[0] === 'number' && typeof args[1] === 'number',
      'the arguments must be numbers',
    );
    return javaRound(args[0] as number) + javaRound(args[1] as number);
  },
  'States.StringSplit': (args) => {
    count('States.StringSplit', args, 2);
    const [s, delims] = args;
    need(
      'States.StringSplit',
      typeof s === 'string' && typeof delims === 'string',
      'the arguments must be strings',
    );
    const chars = new Set([...(delims as string)]);
    const out: string[] = [];
    let cur = '';
    for (const ch of s as string) {
      if (chars.has(ch)) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  },
  'States.UUID': (args) => {
    count('States.UUID', args, 0);
    return randomUUID();
  },
};

/** A States.Format template split at its `{}` placeholders, with `\{` and `\}` unescaped. */
function formatParts(template: string): string[] {
  checkTemplate(template);
  return template.split(/(?<!\\)\{\}/).map((p) => p.replace(/\\([{}])/g, '$1'));
}

/**
 * Every unescaped brace must be part of a `{}` placeholder (AWS-REC: `'Hello {{}}'`, `'}'` and
 * `'Hello {'` all fail with this message).
 */
function checkTemplate(template: string): void {
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '\\')
      i += template.startsWith('{}', i + 1) ? 2 : 1; // `\{}` is a literal `{}`
    else if (ch === '{' && template[i + 1] === '}') i++;
    else if (ch === '{' || ch === '}')
      throw new FunctionFailure("Invalid template in States.Format: matching '}' not found for '{'.");
  }
}

/** Templates written in the definition are split once. */
const literalTemplates = new Map<string, string[]>();
function literalFormatParts(template: string): string[] {
  let parts = literalTemplates.get(template);
  if (!parts) literalTemplates.set(template, (parts = formatParts(template)));
  return parts;
}

function renderFormatArg(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  return javaString(v);
}

export const intrinsicNames = Object.keys(FUNCTIONS);

/** Definition-time check: parses, knows the names, and the paths are valid. Returns a problem or undefined. */
export function checkIntrinsic(text: string): string | undefined {
  try {
    const walk = (a: IntrinsicArg): string | undefined => {
      if (a.kind === 'path') return isValidPath(a.path) ? undefined : `invalid path ${a.path}`;
      if (a.kind === 'call') {
        if (!FUNCTIONS[a.name]) return `unknown function ${a.name}`;
        for (const x of a.args) {
          const p = walk(x);
          if (p) return p;
        }
      }
      return undefined;
    };
    return walk(parseIntrinsic(text));
  } catch (e) {
    return (e as Error).message;
  }
}

/** Each intrinsic call text is parsed once (the text comes from a definition, so the set is bounded). */
const parsed = new Map<string, IntrinsicCall>();

function parsedCall(text: string): IntrinsicCall {
  let call = parsed.get(text);
  if (!call) {
    try {
      call = parseIntrinsic(text);
    } catch (e) {
      throw runtimeError((e as Error).message);
    }
    parsed.set(text, call);
  }
  return call;
}

/** Evaluates an intrinsic call; `read` resolves path arguments (and throws when they match nothing). */
export function evaluateIntrinsic(text: string, read: (path: string) => unknown): unknown {
  try {
    return evaluateArg(parsedCall(text), read);
  } catch (e) {
    if (!(e instanceof FunctionFailure)) throw e;
    throw runtimeError(`There was an error while evaluating the intrinsic function: ${text}. ${e.message}`);
  }
}

function evaluateArg(a: IntrinsicArg, read: (path: string) => unknown): unknown {
  if (a.kind === 'literal') return a.value;
  if (a.kind === 'path') return read(a.path);
  const fn = FUNCTIONS[a.name];
  if (!fn) throw runtimeError(`Unknown intrinsic function ${a.name}`);
  const values: unknown[] = [];
  const raw: (string | undefined)[] = [];
  for (const x of a.args) {
    values.push(evaluateArg(x, read));
    raw.push(x.kind === 'literal' ? x.raw : undefined);
  }
  return fn(values, raw);
}
