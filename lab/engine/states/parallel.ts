/**
 * Parallel state (docs/aws/step-functions.md §5.7): every branch gets the same input; a failing branch fails
 * the state with its own error.
 */
import { bindings, selectPath, sources } from './dataflow';
import { evaluateTemplate } from '../query/jsonata';
import { applyTemplate } from '../query/payload';
import { withRetryAndCatch } from './retry';
import {
  contextObject,
  queryLanguage,
  type StateCall,
  type StatesBlock,
  type Step,
} from '../execution/runtime';
import { Scope } from '../execution/scope';
import { childController, processResult } from './post';

export async function parallel(c: StateCall): Promise<Step> {
  const s = c.state;
  const jsonata = queryLanguage(c) === 'JSONata';
  const { history } = c.t.run;
  return withRetryAndCatch(c, async (retryCount) => {
    const context = contextObject(c, {}, retryCount);
    let input: unknown;
    if (jsonata)
      input =
        s.Arguments === undefined
          ? c.input
          : await evaluateTemplate(s.Arguments, 'Arguments', bindings(c, { input: c.input, context }));
    else {
      const effective = selectPath(s.InputPath, sources(c, c.input, context));
      input =
        s.Parameters === undefined ? effective : applyTemplate(s.Parameters, sources(c, effective, context));
    }
    history.add(c.t.cursor, 'ParallelStateStarted');
    const { controller, release } = childController(c.t.signal);
    const cursors: { last: number }[] = [];
    let result: unknown[];
    try {
      result = await Promise.all(
        (s.Branches as StatesBlock[]).map(async (branch) => {
          const cursor = { last: c.t.cursor.last };
          cursors.push(cursor);
          try {
            return await c.runBlock(branch, input, {
              run: c.t.run,
              scope: new Scope(c.t.scope),
              cursor,
              signal: controller.signal,
            });
          } catch (e) {
            if (!controller.signal.aborted) controller.abort(e);
            throw e;
          }
        }),
      );
    } catch (e) {
      c.t.cursor.last = Math.max(c.t.cursor.last, ...cursors.map((x) => x.last));
      if (!c.t.signal.aborted) history.add(c.t.cursor, 'ParallelStateFailed');
      throw e;
    } finally {
      release();
    }
    c.t.cursor.last = Math.max(c.t.cursor.last, ...cursors.map((x) => x.last));
    history.add(c.t.cursor, 'ParallelStateSucceeded');
    return processResult(c, context, result);
  });
}
