/** JSONPath-mode payload templates (Parameters, ResultSelector, ItemSelector, Assign): `.$` keys are evaluated. */
import { json, runtimeError } from '../errors';
import { evaluateIntrinsic } from './intrinsics';
import { looksLikeIntrinsic } from './intrinsic-parser';
import { PathNotFound } from './jsonpath';
import { readPath, type PathSources } from './paths';

/** Reads a path for a `.$` field; a miss is States.Runtime with AWS's recorded cause. */
export function readField(path: string, field: string, src: PathSources): unknown {
  try {
    return readPath(path, src);
  } catch (e) {
    if (e instanceof PathNotFound) {
      throw runtimeError(
        `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${json(src.input)}'`,
      );
    }
    throw e;
  }
}

/** Evaluates a `.$` value: a path (`$…`, `$$…`, `$var…`) or an intrinsic function call. */
export function evaluateDynamic(expr: string, field: string, src: PathSources): unknown {
  if (looksLikeIntrinsic(expr)) return evaluateIntrinsic(expr.trim(), (p) => readField(p, field, src));
  return readField(expr, field, src);
}

export function applyTemplate(template: unknown, src: PathSources): unknown {
  if (Array.isArray(template)) return template.map((x) => applyTemplate(x, src));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
    if (key.endsWith('.$') && typeof value === 'string')
      out[key.slice(0, -2)] = evaluateDynamic(value, key, src);
    else out[key] = applyTemplate(value, src);
  }
  return out;
}
