/**
 * Inline Map state (docs/aws/step-functions.md §5.8): items, per-item selection, bounded concurrency,
 * tolerated failures.
 */
import { bindings, jsonataNumber, pathInteger, selectPath, sources } from './dataflow';
import { json, runtimeError, toStatesError } from '../errors';
import { evaluateExpression, evaluateTemplate, expressionOf, unexpectedType } from '../query/jsonata';
import { applyTemplate } from '../query/payload';
import { errorOutput, withRetryAndCatch } from './retry';
import {
  contextObject,
  extendContext,
  queryLanguage,
  type StateCall,
  type StatesBlock,
  type Step,
} from '../execution/runtime';
import { Scope } from '../execution/scope';
import { StatesError } from '../types';
import { childController, processResult } from './post';

/** Inline Map runs at most 40 iterations at a time whatever MaxConcurrency says (DG). */
const INLINE_CAP = 40;

export async function map(c: StateCall): Promise<Step> {
  const s = c.state;
  const jsonata = queryLanguage(c) === 'JSONata';
  const { history } = c.t.run;
  return withRetryAndCatch(c, async (retryCount) => {
    const context = contextObject(c, {}, retryCount);
    const b = bindings(c, { input: c.input, context });
    const effective = jsonata ? c.input : selectPath(s.InputPath, sources(c, c.input, context));
    const src = sources(c, effective, context);
    let items: unknown;
    if (jsonata && s.Items !== undefined) {
      const expr = expressionOf(s.Items);
      items = expr !== undefined ? await evaluateExpression(expr, 'Items', b) : s.Items;
      if (!Array.isArray(items)) throw unexpectedType(expr, 'Items', 'array', items);
    } else {
      items = !jsonata && s.ItemsPath !== undefined ? selectPath(s.ItemsPath, src) : effective;
      if (!Array.isArray(items))
        throw runtimeError(`Map state input must be an array but was: ${json(items)}`);
    }
    const list = items as unknown[];
    const limit = await numberField(c, 'MaxConcurrency', b, src, jsonata, 0);
    const toleratedCount = await numberField(c, 'ToleratedFailureCount', b, src, jsonata, undefined);
    const toleratedPercent = await numberField(c, 'ToleratedFailurePercentage', b, src, jsonata, undefined);
    if (toleratedCount !== undefined && toleratedCount < 0)
      throw runtimeError('ToleratedFailureCount cannot be negative.');
    if (toleratedPercent !== undefined && (toleratedPercent < 0 || toleratedPercent > 100))
      throw runtimeError('ToleratedFailurePercentage must be between 0 and 100.');
    const tolerant = toleratedCount !== undefined || toleratedPercent !== undefined;
    const processor = (s.ItemProcessor ?? s.Iterator) as StatesBlock;
    const selector = s.ItemSelector ?? (jsonata ? undefined : s.Parameters);

    history.add(c.t.cursor, 'MapStateStarted', { length: list.length });
    const { controller, release } = childController(c.t.signal);
    const results: unknown[] = new Array(list.length);
    let failures = 0;
    let firstError: StatesError | undefined;
    const exceeded = () =>
      tolerant
        ? failures > (toleratedCount ?? Infinity) ||
          (toleratedPercent !== undefined && (failures / list.length) * 100 > toleratedPercent)
        : failures > 0;
    const iterate = async (index: number) => {
      const cursor = { last: c.t.cursor.last };
      const details = { name: c.name, index };
      history.add(cursor, 'MapIterationStarted', details);
      try {
        const itemContext = extendContext(context, { Map: { Item: { Index: index, Value: list[index] } } });
        const input =
          selector === undefined
            ? list[index]
            : jsonata
              ? await evaluateTemplate(
                  selector,
                  'ItemSelector',
                  bindings(c, { input: c.input, context: itemContext }),
                )
              : applyTemplate(selector, sources(c, effective, itemContext));
        results[index] = await c.runBlock(processor, input, {
          run: c.t.run,
          scope: new Scope(c.t.scope),
          cursor,
          signal: controller.signal,
        });
        history.add(cursor, 'MapIterationSucceeded', details);
      } catch (e) {
        if (controller.signal.aborted) {
          history.add(cursor, 'MapIterationAborted', details);
          return;
        }
        const err = toStatesError(e);
        history.add(cursor, 'MapIterationFailed', details);
        failures++;
        firstError ??= err;
        results[index] = errorOutput(err); // UNCONFIRMED: what a tolerated failed iteration contributes
        if (err.error === 'States.Runtime' || exceeded()) controller.abort(err);
      } finally {
        c.t.cursor.last = Math.max(c.t.cursor.last, cursor.last);
      }
    };
    try {
      const width = Math.min(!limit ? INLINE_CAP : limit, INLINE_CAP, Math.max(list.length, 1));
      let next = 0;
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < list.length && !controller.signal.aborted) await iterate(next++);
        }),
      );
    } finally {
      release();
    }
    if (c.t.signal.aborted) throw c.t.signal.reason;
    if (exceeded() || firstError?.error === 'States.Runtime') {
      history.add(c.t.cursor, 'MapStateFailed');
      if (!tolerant || firstError?.error === 'States.Runtime') throw firstError!;
      throw new StatesError(
        'States.ExceedToleratedFailureThreshold',
        'The specified tolerated failure threshold was exceeded',
      );
    }
    history.add(c.t.cursor, 'MapStateSucceeded');
    return processResult(c, context, results);
  });
}

async function numberField(
  c: StateCall,
  field: string,
  b: Record<string, unknown>,
  src: ReturnType<typeof sources>,
  jsonata: boolean,
  fallback: number | undefined,
): Promise<number | undefined> {
  const value = c.state[field];
  const percent = field === 'ToleratedFailurePercentage';
  if (value !== undefined) {
    if (jsonata)
      return jsonataNumber(value, field, b, { min: 0, integer: !percent, max: percent ? 100 : undefined });
    return value as number;
  }
  const path = c.state[`${field}Path`];
  if (typeof path === 'string' && !jsonata) {
    if (!percent) return pathInteger(path, `${field}Path`, src, -Infinity);
    const v = selectPath(path, src);
    if (typeof v !== 'number')
      throw runtimeError(
        `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v)}" which is not a valid float: ${path}`,
      );
    return v;
  }
  return fallback;
}
