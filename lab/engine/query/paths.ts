/** Reading a JSONPath-mode path: `$…` (input), `$$…` (context object) or `$name…` (a variable). */
import { PathNotFound, queryPath } from './jsonpath';
import type { ContextSource } from '../execution/runtime';
import type { Scope } from '../execution/scope';

export interface PathSources {
  input: unknown;
  context: ContextSource;
  scope: Scope;
}

const VARIABLE = /^\$([\p{ID_Start}_][\p{ID_Continue}]*)/u;

export type PathKind = 'input' | 'context' | 'variable';

export function pathKind(path: string): PathKind {
  if (path.startsWith('$$')) return 'context';
  return VARIABLE.test(path) ? 'variable' : 'input';
}

/** Throws PathNotFound when nothing matches a definite path or the variable is not defined. */
export function readPath(path: string, src: PathSources): unknown {
  if (path.startsWith('$$')) return queryPath(path.slice(1), src.context());
  const m = VARIABLE.exec(path);
  if (m) {
    const name = m[1]!;
    if (!src.scope.has(name)) throw new PathNotFound(`Undefined variable: $${name}`); // UNCONFIRMED wording
    return queryPath('$' + path.slice(m[0].length), src.scope.get(name));
  }
  return queryPath(path, src.input);
}

export function variableName(path: string): string | undefined {
  return VARIABLE.exec(path)?.[1];
}
