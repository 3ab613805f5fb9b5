/** What inline and distributed Map states read alike: the items, the limits, and a bounded worker pool. */
import { fromNumericString, jsonataNumber, pathInteger, selectPath, type sources } from './dataflow';
import { json, queryError, runtimeError } from '../errors';
import { evaluateTemplate, expressionOf, unexpectedType } from '../query/jsonata';
import type { StateCall } from '../execution/runtime';
import { StatesError } from '../types';

type Sources = ReturnType<typeof sources>;

/** The items from `Items` (JSONata), `ItemsPath` (JSONPath) or the effective input. */
export async function mapItems(
  c: StateCall,
  jsonata: boolean,
  b: Record<string, unknown>,
  effective: unknown,
  src: Sources,
): Promise<unknown[]> {
  const s = c.state;
  if (jsonata && s.Items !== undefined) {
    // `{% %}` inside a literal array is evaluated like Arguments (AWS-REC)
    const items = await evaluateTemplate(s.Items, 'Items', b);
    if (!Array.isArray(items)) throw unexpectedType(expressionOf(s.Items), 'Items', 'array', items);
    return items;
  }
  const items = !jsonata && s.ItemsPath !== undefined ? selectPath(s.ItemsPath, src) : effective;
  // AWS-REC: JSONata fails a non-array input with QueryEvaluationError (catchable), JSONPath with Runtime
  if (!Array.isArray(items))
    throw (jsonata ? queryError : runtimeError)(`Map state input must be an array but was: ${json(items)}`);
  return items;
}

export interface MapLimits {
  limit: number;
  toleratedCount?: number;
  toleratedPercent?: number;
}

/** MaxConcurrency and the tolerated failures, with AWS's runtime errors (AWS-REC). */
export async function mapLimits(
  c: StateCall,
  b: Record<string, unknown>,
  src: Sources,
  jsonata: boolean,
): Promise<MapLimits> {
  const limit = (await numberField(c, 'MaxConcurrency', b, src, jsonata)) ?? 0;
  const toleratedCount = await numberField(c, 'ToleratedFailureCount', b, src, jsonata);
  const toleratedPercent = await numberField(c, 'ToleratedFailurePercentage', b, src, jsonata);
  if (toleratedCount !== undefined && toleratedCount < 0)
    throw runtimeError('ToleratedFailureCount cannot be negative.');
  if (toleratedPercent !== undefined && (toleratedPercent < 0 || toleratedPercent > 100))
    throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
  return { limit, toleratedCount, toleratedPercent };
}

export function exceedsThreshold(failures: number, total: number, l: MapLimits): boolean {
  return (
    failures > (l.toleratedCount ?? Infinity) ||
    (l.toleratedPercent !== undefined && (failures / Math.max(total, 1)) * 100 > l.toleratedPercent)
  );
}

export const thresholdExceeded = () =>
  new StatesError(
    'States.ExceedToleratedFailureThreshold',
    'The specified tolerated failure threshold was exceeded',
  );

/** Runs `work(0…count-1)` on `width` workers until done or `signal` aborts. */
export async function pool(
  width: number,
  count: number,
  signal: AbortSignal,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(width, count)) }, async () => {
      while (next < count && !signal.aborted) await work(next++);
    }),
  );
}

async function numberField(
  c: StateCall,
  field: string,
  b: Record<string, unknown>,
  src: Sources,
  jsonata: boolean,
): Promise<number | undefined> {
  const value = c.state[field];
  const percent = field === 'ToleratedFailurePercentage';
  if (value !== undefined) {
    if (jsonata)
      return jsonataNumber(value, field, b, { min: 0, integer: !percent, max: percent ? 100 : undefined });
    return value as number;
  }
  const path = c.state[`${field}Path`];
  if (typeof path !== 'string' || jsonata) return undefined;
  // AWS-REC: a `…Path` that reads the string "1" is read as 1
  if (!percent) return pathInteger(path, `${field}Path`, src, -Infinity, { numericStrings: true });
  const v = fromNumericString(selectPath(path, src));
  if (typeof v !== 'number')
    throw runtimeError(
      `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v)}" which is not a valid float: ${path}`,
    );
  return v;
}
