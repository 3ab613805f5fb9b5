/**
 * Wait state (docs/aws/step-functions.md §5.4): Seconds, Timestamp, their Path and JSONata forms; waits on
 * the lab clock.
 */
import { assignJsonata, assignJsonPath, bindings, jsonataNumber, selectPath, sources } from './dataflow';
import { queryError, runtimeError } from '../errors';
import { evaluateExpression, evaluateTemplate, expressionOf } from '../query/jsonata';
import { PathNotFound } from '../query/jsonpath';
import { readPath } from '../query/paths';
import { contextObject, nextOf, queryLanguage, type StateCall, type Step } from '../execution/runtime';
import { parseOffsetDateTime, parseTimestamp } from '../query/timestamp';

/** Longest delay AWS accepts (about 24,855 days: Java int milliseconds × 1000). */
const MAX_DELAY_MS = 2 ** 31 * 1000;

export async function wait(c: StateCall): Promise<Step> {
  const context = contextObject(c);
  const clock = c.t.run.clock;
  const s = c.state;
  let delayMs: number;
  if (queryLanguage(c) === 'JSONata') {
    const b = bindings(c, { input: c.input, context });
    if (s.Seconds !== undefined) delayMs = (await jsonataNumber(s.Seconds, 'Seconds', b, { min: 0 })) * 1000;
    else {
      const expr = expressionOf(s.Timestamp);
      const ts = expr !== undefined ? await evaluateExpression(expr, 'Timestamp', b) : s.Timestamp;
      const at = parseOffsetDateTime(ts);
      if (at === undefined)
        throw queryError(
          `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof ts === 'string' ? ts : JSON.stringify(ts)}`,
        );
      delayMs = at - clock.now();
    }
    await sleep(c, delayMs);
    const output = s.Output === undefined ? c.input : await evaluateTemplate(s.Output, 'Output', b);
    return { output, next: nextOf(s), assigned: await assignJsonata(s.Assign, b) };
  }
  const effective = selectPath(s.InputPath, sources(c, c.input, context));
  const src = sources(c, effective, context);
  if (typeof s.Seconds === 'number') delayMs = s.Seconds * 1000;
  else if (typeof s.Timestamp === 'string') delayMs = parseTimestamp(s.Timestamp)! - clock.now();
  else if (typeof s.SecondsPath === 'string') {
    const v = readOrFail(
      s.SecondsPath,
      src,
      `The SecondsPath parameter does not reference an input value: ${s.SecondsPath}`,
    );
    if (typeof v !== 'number' || !Number.isInteger(v))
      throw runtimeError(
        `The SecondsPath parameter cannot be parsed as a long value: ${s.SecondsPath} == ${JSON.stringify(v)}`,
      );
    if (v < 0)
      throw runtimeError(`The SecondsPath parameter references a negative value: ${s.SecondsPath} == ${v}`);
    delayMs = v * 1000;
  } else {
    const path = s.TimestampPath as string;
    const v = readOrFail(path, src, `The TimestampPath parameter does not reference an input value: ${path}`);
    const at = parseOffsetDateTime(v);
    if (at === undefined)
      throw runtimeError(
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${typeof v === 'string' ? v : JSON.stringify(v)}`,
      );
    delayMs = at - clock.now();
  }
  await sleep(c, delayMs);
  const assigned = assignJsonPath(s.Assign, src);
  return { output: selectPath(s.OutputPath, sources(c, effective, context)), next: nextOf(s), assigned };
}

function readOrFail(path: string, src: Parameters<typeof readPath>[1], message: string): unknown {
  try {
    return readPath(path, src);
  } catch (e) {
    if (e instanceof PathNotFound) throw runtimeError(message);
    throw e;
  }
}

async function sleep(c: StateCall, ms: number): Promise<void> {
  if (ms >= MAX_DELAY_MS) throw runtimeError('Wait state delay is too long.');
  if (ms > 0) await c.t.run.clock.sleep(ms, c.t.signal);
}
