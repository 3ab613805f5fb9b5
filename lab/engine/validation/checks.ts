/**
 * What the per-topic definition checks (state types, Choice rules, Retry and Catch) may ask of the checker
 * that walks the definition: report a problem, or check a nested piece the same way it checks its own. An
 * interface of its own, so those checks depend on it and not on the checker (validate.ts), which calls them.
 */

export interface Checks {
  /** A problem with its ValidateStateMachineDefinition code. */
  error(code: string, message: string, location?: string): void;
  /** A SCHEMA_VALIDATION_FAILED problem. */
  schema(message: string, location: string): void;
  /** `next` names a state of `states`. */
  target(next: unknown, states: Record<string, unknown>, loc: string): void;
  /** An Assign block: variable names AWS accepts. */
  assign(assign: unknown, loc: string): void;
  /** A JSONPath path. */
  path(value: unknown, loc: string): void;
  /** A JSONPath payload template. */
  template(value: unknown, loc: string): void;
  /** Every `{% %}` expression inside `value`. */
  jsonata(value: unknown, loc: string, allow: { result?: boolean; errorOutput?: boolean }): void;
  /** A nested States block (Parallel branch, Map item processor). */
  nested(block: unknown, at: string): void;
  /** A Task's resource. */
  resource(resource: string, loc: string): void;
}
