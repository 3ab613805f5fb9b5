/** Variable scopes: one per States object; inner scopes read outer ones but may not assign their names. */
import { StatesError } from '../types';

export class Scope {
  private readonly vars = new Map<string, unknown>();
  constructor(readonly parent?: Scope) {}

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): unknown {
    if (this.vars.has(name)) return this.vars.get(name);
    return this.parent?.get(name);
  }

  /** All visible variables, inner names shadowing nothing (names are unique across nesting). */
  all(): Record<string, unknown> {
    const outer = this.parent?.all() ?? {};
    return { ...outer, ...Object.fromEntries(this.vars) };
  }

  local(): Record<string, unknown> {
    return Object.fromEntries(this.vars);
  }

  /**
   * Writes a whole Assign at once. Assigning a name that belongs to an outer scope is an error
   * (SPEC; AWS's exact behaviour UNCONFIRMED — this follows LocalStack's runtime error).
   */
  assign(values: Record<string, unknown>): void {
    for (const name of Object.keys(values)) {
      if (!this.vars.has(name) && this.parent?.has(name)) {
        throw new StatesError(
          'States.Runtime',
          `Cannot bind value for variable '${name}' as it belongs to an outer scope.`,
        );
      }
    }
    for (const [name, value] of Object.entries(values)) this.vars.set(name, value);
  }
}
