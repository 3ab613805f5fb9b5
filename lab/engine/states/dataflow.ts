/** Input and output processing for both query languages (docs/aws/step-functions.md §2.1, §3.3). */
import { queryError, runtimeError } from '../errors';
import { evaluateTemplate, expressionOf, evaluateExpression, labTime } from '../query/jsonata';
import { PathNotFound, writePath } from '../query/jsonpath';
import { readPath, type PathSources } from '../query/paths';
import { applyTemplate } from '../query/payload';
import type { ContextSource, StateCall, StateDef } from '../execution/runtime';
import { StatesError } from '../types';

export function sources(c: StateCall, input: unknown, context: ContextSource): PathSources {
  return { input, context, scope: c.t.scope };
}

/** InputPath / OutputPath / ItemsPath-style read: a miss is States.Runtime with Jayway's message. */
export function selectPath(path: unknown, src: PathSources): unknown {
  if (path === undefined) return src.input;
  if (path === null) return {};
  try {
    return readPath(path as string, src);
  } catch (e) {
    if (e instanceof PathNotFound) throw runtimeError(`Invalid path '${String(path)}' : ${e.message}`);
    throw e;
  }
}

export function applyResultPath(
  state: StateDef | Record<string, unknown>,
  rawInput: unknown,
  result: unknown,
): unknown {
  const path = state.ResultPath;
  if (path === undefined) return result;
  if (path === null) return rawInput;
  try {
    return writePath(rawInput, path as string, result);
  } catch (e) {
    throw new StatesError(
      'States.ResultPathMatchFailure',
      `Unable to apply ResultPath '${String(path)}' to input ${JSON.stringify(rawInput)}: ${(e as Error).message}`,
    );
  }
}

/** JSONPath Assign: `.$` keys are evaluated like a payload template. */
export function assignJsonPath(assign: unknown, src: PathSources): Record<string, unknown> | undefined {
  if (assign === undefined) return undefined;
  return applyTemplate(assign, src) as Record<string, unknown>;
}

/** What `$states` holds; `context` is built only if an expression reads `$states.context`. */
export interface StatesFields {
  input: unknown;
  context: ContextSource;
  result?: unknown;
  errorOutput?: unknown;
}

/** The JSONata bindings: `$states` plus every visible variable. */
export function bindings(c: StateCall, fields: StatesFields): Record<string, unknown> {
  const { input, context, ...rest } = fields;
  const states = {
    input,
    get context() {
      return context();
    },
    ...rest,
  };
  return { ...labTime(c.t.run.clock.now()), ...c.t.scope.all(), states };
}

export async function assignJsonata(
  assign: unknown,
  b: Record<string, unknown>,
  field = 'Assign',
): Promise<Record<string, unknown> | undefined> {
  if (assign === undefined) return undefined;
  const expr = expressionOf(assign);
  if (expr !== undefined) {
    const value = await evaluateExpression(expr, field, b);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw queryError(`The field '${field}' must evaluate to an object.`);
    return value as Record<string, unknown>;
  }
  return (await evaluateTemplate(assign, field, b)) as Record<string, unknown>;
}

/** A JSONata integer field (TimeoutSeconds, Seconds, MaxConcurrency…): literal or expression. */
export async function jsonataNumber(
  value: unknown,
  field: string,
  b: Record<string, unknown>,
  opts: { min: number; integer?: boolean; max?: number },
): Promise<number> {
  const expr = expressionOf(value);
  const n = expr !== undefined ? await evaluateExpression(expr, field, b) : value;
  const integer = opts.integer ?? true;
  if (
    typeof n !== 'number' ||
    (integer && !Number.isInteger(n)) ||
    n < opts.min ||
    (opts.max !== undefined && n > opts.max)
  ) {
    throw queryError(
      `The JSONata expression '${expr ?? JSON.stringify(value)}' specified for the field '${field}' returned an unexpected result type. Expected '${integer ? 'integer' : 'number'}' ${opts.max !== undefined ? `between ${opts.min} and ${opts.max}` : `>= ${opts.min}`}, but was: ${JSON.stringify(n)}`,
    );
  }
  return n;
}

/** A JSONPath `…Path` field that must reference an integer (TimeoutSecondsPath, MaxConcurrencyPath…). */
export function pathInteger(
  path: string,
  field: string,
  src: PathSources,
  min: number,
  opts: { numericStrings?: boolean } = {},
): number {
  const read = selectPath(path, src);
  const v = opts.numericStrings ? fromNumericString(read) : read;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw runtimeError(
      `The ${field} field refers to value "${typeof v === 'string' ? v : JSON.stringify(v)}" which is not a valid integer: ${path}`,
    );
  if (v < min)
    throw runtimeError(
      `The ${field} field refers to value "${v}" which is below the minimum ${min}: ${path}`,
    );
  return v;
}

/** `"1"` read as 1, as a Map reads its `…Path` fields (AWS-REC); anything else is returned unchanged. */
export function fromNumericString(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return value;
  return Number(value);
}
