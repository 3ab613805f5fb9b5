/** Reading the members of an API request, with AWS's errors for missing or mistyped members. */
import { jsonDepth, MAX_JSON_DEPTH } from '../services/json-guard';
import { apiErrors } from './errors';

export type Body = Record<string, unknown>;

export function asBody(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw apiErrors.serialization('The request body must be a JSON object');
  return body as Body;
}

export function optionalString(body: Body, field: string, max?: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw apiErrors.serialization(`Expected a string for '${field}', got ${JSON.stringify(value)}`);
  if (max !== undefined && value.length > max) {
    throw apiErrors.validation(
      field,
      `Member must have length less than or equal to ${max}`,
      value.length > 64 ? `${value.slice(0, 64)}…` : value,
    );
  }
  return value;
}

export function requiredString(body: Body, field: string, max?: number): string {
  const value = optionalString(body, field, max);
  if (value === undefined) throw apiErrors.validation(field, 'Member must not be null');
  if (value.length === 0)
    throw apiErrors.validation(field, 'Member must have length greater than or equal to 1', '');
  return value;
}

export function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw apiErrors.serialization(`Expected a boolean for '${field}', got ${JSON.stringify(value)}`);
  return value;
}

export function oneOf<T extends string>(body: Body, field: string, values: readonly T[]): T | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw apiErrors.validation(field, `Member must satisfy enum value set: [${values.join(', ')}]`, value);
  }
  return value as T;
}

/** Parses JSON text; returns the parser's message on failure. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, message: `nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** Epoch milliseconds → the epoch seconds (with fraction) the AWS JSON protocol uses for timestamps. */
export function seconds(ms: number): number {
  return ms / 1000;
}
