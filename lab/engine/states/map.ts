/**
 * Map state (docs/aws/step-functions.md §5.8): inline iterations here; DISTRIBUTED mode in
 * distributed-map.ts.
 */
import { bindings, selectPath, sources } from './dataflow';
import { toStatesError } from '../errors';
import { evaluateTemplate } from '../query/jsonata';
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
import { distributedMap, isDistributed } from './distributed-map';
import { exceedsThreshold, mapItems, mapLimits, pool, thresholdExceeded } from './map-fields';
import { childController, processResult } from './post';

/** Inline Map runs at most 40 iterations at a time whatever MaxConcurrency says (DG). */
const INLINE_CAP = 40;

export async function map(c: StateCall): Promise<Step> {
  if (isDistributed(c.state)) return distributedMap(c);
  const s = c.state;
  const jsonata = queryLanguage(c) === 'JSONata';
  const { history } = c.t.run;
  return withRetryAndCatch(c, async (retryCount) => {
    const context = contextObject(c, {}, retryCount);
    const b = bindings(c, { input: c.input, context });
    const effective = jsonata ? c.input : selectPath(s.InputPath, sources(c, c.input, context));
    const src = sources(c, effective, context);
    const list = await mapItems(c, jsonata, b, effective, src);
    const limits = await mapLimits(c, b, src, jsonata);
    const tolerant = limits.toleratedCount !== undefined || limits.toleratedPercent !== undefined;
    const processor = (s.ItemProcessor ?? s.Iterator) as StatesBlock;
    const selector = s.ItemSelector ?? (jsonata ? undefined : s.Parameters);

    history.add(c.t.cursor, 'MapStateStarted', { length: list.length });
    const { controller, release } = childController(c.t.signal);
    const results: unknown[] = new Array(list.length);
    let failures = 0;
    let firstError: StatesError | undefined;
    const exceeded = () => (tolerant ? exceedsThreshold(failures, list.length, limits) : failures > 0);
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
      const width = Math.min(!limits.limit ? INLINE_CAP : limits.limit, INLINE_CAP);
      await pool(width, list.length, controller.signal, iterate);
    } finally {
      release();
    }
    if (c.t.signal.aborted) throw c.t.signal.reason;
    if (exceeded() || firstError?.error === 'States.Runtime') {
      history.add(c.t.cursor, 'MapStateFailed');
      if (!tolerant || firstError?.error === 'States.Runtime') throw firstError!;
      throw thresholdExceeded();
    }
    history.add(c.t.cursor, 'MapStateSucceeded');
    return processResult(c, context, results);
  });
}
