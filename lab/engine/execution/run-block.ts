/** Runs a States block from StartAt to its end, recording the history of every state it visits. */
import { json, runtimeError, withStatePrefix } from '../errors';
import type { StatesBlock, Step, Thread } from './runtime';
import { STATE_RUNNERS } from '../states/index';
import { MAX_ASSIGN_BYTES, MAX_PAYLOAD_BYTES } from './limits';
import { StatesError } from '../types';

export const iso = (ms: number) => new Date(ms).toISOString();

/** `Pass` → `PassStateEntered` / `PassStateExited`, made once per state type. */
const eventTypes = new Map<string, { entered: string; exited: string }>();
function eventTypesOf(type: string): { entered: string; exited: string } {
  let types = eventTypes.get(type);
  if (!types)
    eventTypes.set(type, (types = { entered: `${type}StateEntered`, exited: `${type}StateExited` }));
  return types;
}

/** UTF-8 size of a JSON text; a string of n UTF-16 units is at most 3n bytes, so short ones need no count. */
function exceedsPayloadLimit(text: string): boolean {
  return text.length * 3 > MAX_PAYLOAD_BYTES && Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES;
}

export async function runBlock(block: StatesBlock, input: unknown, t: Thread): Promise<unknown> {
  const { run } = t;
  let name = block.StartAt;
  /** The input as JSON: a state's input is the previous state's output, already serialised for its exit event. */
  let inputJson = json(input);
  for (;;) {
    if (t.signal.aborted) throw t.signal.reason;
    const state = block.States[name];
    if (!state) throw runtimeError(`The state '${name}' does not exist.`);
    const type = state.Type;
    const events = eventTypesOf(type);
    const enteredAt = run.clock.now();
    const entered = run.history.add(t.cursor, events.entered, {
      name,
      input: inputJson,
      inputDetails: { truncated: false },
    });
    run.running.set(name, (run.running.get(name) ?? 0) + 1);
    let step: Step;
    try {
      step = await STATE_RUNNERS[type]!({ state, name, input, t, entered, enteredAt, runBlock });
      if (step.assigned) t.scope.assign(checkAssignSize(step.assigned));
    } catch (e) {
      const err = t.signal.aborted
        ? e
        : withStatePrefix(
            e instanceof StatesError && e.error === 'States.Runtime' && !('prefixed' in e)
              ? runtimeError(e.cause)
              : e,
            name,
            entered,
          );
      if (err instanceof StatesError && err.error === 'States.QueryEvaluationError' && !t.signal.aborted) {
        run.history.add(t.cursor, 'EvaluationFailed', { error: err.error, cause: err.cause, state: name });
      }
      throw err;
    } finally {
      const n = run.running.get(name)! - 1;
      if (n > 0) run.running.set(name, n);
      else run.running.delete(name);
    }
    const output = json(step.output);
    if (exceedsPayloadLimit(output)) {
      throw new StatesError(
        'States.DataLimitExceeded',
        `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
    }
    const exited: Record<string, unknown> = { name, output, outputDetails: { truncated: false } };
    if (step.assigned) {
      exited.assignedVariables = Object.fromEntries(
        Object.entries(step.assigned).map(([k, v]) => [k, json(v)]),
      );
      exited.assignedVariablesDetails = { truncated: false };
    }
    run.history.add(t.cursor, events.exited, exited);
    if (step.next === undefined) return step.output;
    name = step.next;
    input = step.output;
    inputJson = output;
  }
}

/** The documented Assign limit; the error name AWS uses when it is exceeded is UNCONFIRMED. */
function checkAssignSize(assigned: Record<string, unknown>): Record<string, unknown> {
  if (Buffer.byteLength(json(assigned), 'utf8') > MAX_ASSIGN_BYTES) {
    throw new StatesError(
      'States.DataLimitExceeded',
      `The values assigned by the state exceed the maximum size of ${MAX_ASSIGN_BYTES} bytes.`,
    );
  }
  return assigned;
}
