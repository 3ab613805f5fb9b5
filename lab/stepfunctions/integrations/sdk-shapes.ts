/**
 * Converts between Step Functions' JSON for an AWS SDK call and the AWS SDK v3's objects, guided by the
 * schema each v3 client ships (`<Operation>$`, `<Shape>$` exports): parameter names are matched without
 * regard to case (Step Functions writes PascalCase, some SDKs use camelCase members), timestamps become
 * ISO-8601 strings, blobs become UTF-8 strings, structure members come back PascalCase, and map keys
 * (user data such as DynamoDB attribute names) are never touched.
 */

type Shape =
  | { kind: 'structure'; members: Map<string, unknown> }
  | { kind: 'list'; value: unknown }
  | { kind: 'map'; value: unknown }
  | { kind: 'blob' }
  | { kind: 'timestamp' }
  | { kind: 'scalar' };

const BLOB = 21;
const STREAMING_BLOB = 42;
const LIST = 64;
const MAP = 128;

/** Resolves one schema reference of a v3 client (number, lazy function, member tuple or schema array). */
export function shapeOf(schema: unknown): Shape {
  if (typeof schema === 'function') return shapeOf((schema as () => unknown)());
  if (typeof schema === 'number') {
    if (schema & MAP) return { kind: 'map', value: schema & ~MAP };
    if (schema & LIST) return { kind: 'list', value: schema & ~LIST };
    if (schema === BLOB || schema === STREAMING_BLOB) return { kind: 'blob' };
    if (schema >= 4 && schema <= 7) return { kind: 'timestamp' };
    return { kind: 'scalar' };
  }
  if (!Array.isArray(schema)) return { kind: 'scalar' };
  // a member tuple: [schema, memberTraits]; a schema array has its namespace (a string) second
  if (typeof schema[1] !== 'string') return shapeOf(schema[0]);
  switch (schema[0]) {
    case 0:
      return shapeOf(schema[4]);
    case 1:
      return { kind: 'list', value: schema[4] };
    case 2:
      return { kind: 'map', value: schema[5] };
    case 3:
    case 4:
    case -3: {
      const names = (schema[4] ?? []) as string[];
      const types = (schema[5] ?? []) as unknown[];
      return { kind: 'structure', members: new Map(names.map((n, i) => [n, types[i]])) };
    }
    default:
      return { kind: 'scalar' };
  }
}

/** The input and output schemas of an operation schema (`[9, ns, name, traits, input, output]`). */
export function operationShapes(operation: unknown): { input: unknown; output: unknown } | undefined {
  if (!Array.isArray(operation) || operation[0] !== 9) return undefined;
  return { input: operation[4], output: operation[5] };
}

/** Step Functions parameters → SDK command input. Unknown members are kept as given (the SDK ignores them). */
export function toSdkInput(value: unknown, schema: unknown): unknown {
  if (value === null || value === undefined) return value;
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const byLower = new Map([...shape.members.keys()].map((k) => [k.toLowerCase(), k]));
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        const member = byLower.get(key.toLowerCase());
        out[member ?? key] = member ? toSdkInput(v, shape.members.get(member)) : v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => toSdkInput(v, shape.value)) : value;
    case 'map':
      return isRecord(value) ? mapValues(value, (v) => toSdkInput(v, shape.value)) : value;
    case 'blob':
      return typeof value === 'string'
        ? new TextEncoder().encode(value)
        : isRecord(value)
          ? new TextEncoder().encode(JSON.stringify(value))
          : value;
    case 'timestamp':
      return typeof value === 'string' || typeof value === 'number'
        ? new Date(typeof value === 'number' ? value * 1000 : value)
        : value;
    default:
      return value;
  }
}

/** SDK command output → the JSON Step Functions hands to the state ($metadata dropped, PascalCase members). */
export async function fromSdkOutput(value: unknown, schema: unknown): Promise<unknown> {
  if (value === null || value === undefined) return value;
  const shape = schema === undefined ? undefined : shapeOf(schema);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (isStream(value)) return value.transformToString();
  if (!shape) return plain(value);
  switch (shape.kind) {
    case 'structure': {
      if (!isRecord(value)) return plain(value);
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (key === '$metadata' || v === undefined) continue;
        out[pascal(key)] = await fromSdkOutput(v, shape.members.get(key));
      }
      return out;
    }
    case 'list':
      return Array.isArray(value)
        ? Promise.all(value.map((v) => fromSdkOutput(v, shape.value)))
        : plain(value);
    case 'map': {
      if (!isRecord(value)) return plain(value);
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) out[key] = await fromSdkOutput(v, shape.value);
      return out;
    }
    default:
      return plain(value);
  }
}

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== '$metadata' && v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function isStream(value: unknown): value is { transformToString(): Promise<string> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { transformToString?: unknown }).transformToString === 'function'
  );
}

function mapValues(value: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}
