/** Table-driven conformance runner: each case is a small definition, an input and what AWS does with it. */
import { expect, it } from 'vitest';
import {
  runToCompletion,
  StatesError,
  type Integration,
  type RunResult,
  type TaskInvocation,
  type Engine,
} from '../../lab/engine';

export interface Case {
  name: string;
  /**
   * The section of docs/aws/step-functions.md the behaviour comes from (bare, e.g. `§5.3`: every case here
   * cites that page).
   */
  ref: string;
  definition: object | string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string | RegExp;
  invalid?: { code: string; location?: string; message?: string | RegExp };
  integrations?: Record<string, Integration>;
  substitutions?: Record<string, string>;
  onTaskToken?: (token: string, engine: Engine, task: TaskInvocation) => void | Promise<void>;
  start?: string;
  check?: (r: RunResult) => void;
}

export const machine = (states: Record<string, object>, extra: object = {}) => ({
  StartAt: Object.keys(states)[0],
  States: states,
  ...extra,
});
/** A JSONPath machine of one state (End: true added unless terminal). */
export const one = (state: Record<string, unknown>, extra: object = {}) =>
  machine({ A: terminal(state) }, extra);
/** A JSONata machine of one state. */
export const ata = (state: Record<string, unknown>) => one(state, { QueryLanguage: 'JSONata' });
const terminal = (s: Record<string, unknown>) =>
  ['Succeed', 'Fail', 'Choice'].includes(s.Type as string) || 'Next' in s ? s : { ...s, End: true };

export const TASK = 'arn:aws:states:::lambda:invoke';
export const echo: Integration = async (t) => t.parameters;
export const fails =
  (error: string, cause = ''): Integration =>
  async () => {
    throw new StatesError(error, cause);
  };
/** Fails `times` times with `error`, then returns the attempt number. */
export function flaky(times: number, error = 'Flaky'): Integration {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= times) throw new StatesError(error, `attempt ${calls}`);
    return { attempts: calls };
  };
}

export function runCases(cases: Case[]): void {
  for (const c of cases) {
    it(`${c.name} [${c.ref}]`, async () => {
      const r = await runToCompletion(c.definition, c.input ?? {}, {
        integrations: c.integrations ?? { [TASK]: echo },
        substitutions: c.substitutions,
        onTaskToken: c.onTaskToken,
        start: c.start,
        name: 'run-1',
      });
      if (c.invalid) {
        expect(r.status).toBe('INVALID');
        if (r.status !== 'INVALID') return;
        const d = r.diagnostics.find(
          (x) =>
            x.code === c.invalid!.code &&
            (c.invalid!.location === undefined || x.location === c.invalid!.location),
        );
        expect(d, `diagnostics: ${JSON.stringify(r.diagnostics)}`).toBeDefined();
        if (c.invalid.message !== undefined) expect(d!.message).toMatch(c.invalid.message);
      } else if (c.error !== undefined) {
        expect(r.status === 'INVALID' ? r.diagnostics : r.status).toBe('FAILED');
        if (r.status !== 'FAILED') return;
        expect(r.error).toBe(c.error);
        if (typeof c.cause === 'string') expect(r.cause).toBe(c.cause);
        else if (c.cause) expect(r.cause).toMatch(c.cause);
      } else if ('output' in c) {
        expect(r.status === 'SUCCEEDED' ? r.status : r).toBe('SUCCEEDED');
        if (r.status === 'SUCCEEDED') expect(r.output).toEqual(c.output);
      }
      c.check?.(r);
    });
  }
}

/** AWS's prefix for interpreter-raised causes. */
export const at = (state: string, id: number, cause: string) =>
  `An error occurred while executing the state '${state}' (entered at the event id #${id}). ${cause}`;
