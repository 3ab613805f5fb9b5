/**
 * JSONPath with the Jayway semantics AWS uses: a definite path (only names and indexes) returns one value
 * or fails with Jayway's message; an indefinite path (wildcards, slices, filters, unions, `..`) returns the
 * list of matches, `[]` when nothing matches.
 */
import { JSONPath } from 'jsonpath-plus';

export type Segment = string | number;

/** Raised when a definite path has no match; message in Jayway's words. */
export class PathNotFound extends Error {}

const NAME = /^[^.[\]\s]+/;

/** Parses `$.a['b'][0]` into segments; undefined if the path is not definite; throws if not a path. */
export function definiteSegments(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) throw new Error(`not a JSONPath: ${path}`);
  const out: Segment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith('..')) return undefined;
    // Jayway (and so AWS) accepts a dot before a bracket: `$.[1]` is `$[1]`
    if (rest.startsWith('.[')) rest = rest.slice(1);
    if (rest.startsWith('.')) {
      const m = NAME.exec(rest.slice(1));
      if (!m) throw new Error(`bad JSONPath: ${path}`);
      if (m[0] === '*') return undefined;
      out.push(m[0]);
      rest = rest.slice(1 + m[0].length);
      continue;
    }
    const quoted = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]|^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest);
    if (quoted) {
      out.push(quoted[1] ?? quoted[2] ?? '');
      rest = rest.slice(quoted[0].length);
      continue;
    }
    const index = /^\[\s*(-?\d+)\s*\]/.exec(rest);
    if (index) {
      out.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    if (rest.startsWith('[')) {
      if (!rest.includes(']')) throw new Error(`bad JSONPath: ${path}`);
      return undefined;
    }
    throw new Error(`bad JSONPath: ${path}`);
  }
  return out;
}

/** True if `path` is syntactically a JSONPath we can evaluate. */
export function isValidPath(path: string): boolean {
  if (typeof path !== 'string' || !path.startsWith('$')) return false;
  if (path.startsWith('$$')) return isValidPath(path.slice(1));
  const variable = /^\$[\p{ID_Start}_][\p{ID_Continue}]*/u.exec(path);
  if (variable) return isValidPath('$' + path.slice(variable[0].length));
  try {
    if (definiteSegments(path)) return true;
    JSONPath({ path, json: {}, wrap: true });
    return balanced(path);
  } catch {
    return false;
  }
}

function balanced(path: string): boolean {
  let depth = 0;
  for (const ch of path) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** A Reference Path (ResultPath, ItemsPath): definite, no filters or wildcards. */
export function isReferencePath(path: string): boolean {
  try {
    return definiteSegments(path) !== undefined;
  } catch {
    return false;
  }
}

const show = (segs: Segment[]) =>
  '$' + segs.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('');

/** Paths come from definitions, so there are few: each is split into segments once (null = indefinite). */
const segmentsByPath = new Map<string, Segment[] | null>();

function cachedSegments(path: string): Segment[] | undefined {
  let segs = segmentsByPath.get(path);
  if (segs === undefined) segmentsByPath.set(path, (segs = definiteSegments(path) ?? null));
  return segs ?? undefined;
}

/** Evaluates a JSONPath against `data`. */
export function queryPath(path: string, data: unknown): unknown {
  const segs = cachedSegments(path);
  if (!segs) return JSONPath({ path, json: data as object, wrap: true }) as unknown[];
  let cur: unknown = data;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur))
        throw new PathNotFound(
          last
            ? `No results for path: ${show(segs)}`
            : `Missing property in path ${show(segs.slice(0, i + 1))}`,
        );
      const idx = seg < 0 ? cur.length + seg : seg;
      if (idx < 0 || idx >= cur.length) throw new PathNotFound(`No results for path: ${show(segs)}`);
      cur = cur[idx];
      continue;
    }
    if (
      cur === null ||
      typeof cur !== 'object' ||
      Array.isArray(cur) ||
      !Object.prototype.hasOwnProperty.call(cur, seg)
    ) {
      throw new PathNotFound(
        last
          ? `No results for path: ${show(segs)}`
          : `Missing property in path ${show(segs.slice(0, i + 1))}`,
      );
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** Writes `value` at a Reference Path inside a copy of `target`, creating objects on the way. */
export function writePath(target: unknown, path: string, value: unknown): unknown {
  const segs = cachedSegments(path) ?? [];
  if (segs.length === 0) return value;
  const root = structuredClone(target);
  if (root === null || typeof root !== 'object')
    throw new TypeError(`cannot write ${path} into a ${root === null ? 'null' : typeof root}`);
  let cur = root as Record<string | number, unknown>;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    let next = cur[seg];
    if (next === undefined) {
      next = {};
      cur[seg] = next;
    }
    if (next === null || typeof next !== 'object')
      throw new TypeError(`cannot write ${path}: ${show(segs.slice(0, i + 1))} is not an object`);
    cur = next as Record<string | number, unknown>;
  }
  cur[segs[segs.length - 1]!] = value;
  return root;
}
