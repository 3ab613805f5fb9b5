/** Result processing shared by Parallel and Map: ResultSelector/Assign/ResultPath/OutputPath or Output/Assign. */
import { assignJsonata, assignJsonPath, applyResultPath, bindings, selectPath, sources } from './dataflow';
import { evaluateTemplate } from '../query/jsonata';
import { applyTemplate } from '../query/payload';
import { nextOf, queryLanguage, type ContextSource, type StateCall, type Step } from '../execution/runtime';

export async function processResult(c: StateCall, context: ContextSource, result: unknown): Promise<Step> {
  const s = c.state;
  if (queryLanguage(c) === 'JSONata') {
    const b = bindings(c, { input: c.input, context, result });
    const output = s.Output === undefined ? result : await evaluateTemplate(s.Output, 'Output', b);
    return { output, next: nextOf(s), assigned: await assignJsonata(s.Assign, b) };
  }
  const selected =
    s.ResultSelector === undefined ? result : applyTemplate(s.ResultSelector, sources(c, result, context));
  const assigned = assignJsonPath(s.Assign, sources(c, selected, context));
  const combined = applyResultPath(s, c.input, selected);
  return { output: selectPath(s.OutputPath, sources(c, combined, context)), next: nextOf(s), assigned };
}

/** An AbortController that also aborts when the parent signal does. */
export function childController(parent: AbortSignal): { controller: AbortController; release(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, release: () => parent.removeEventListener('abort', onAbort) };
}
