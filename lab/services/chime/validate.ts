/**
 * What CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall accept (docs/aws/pstn-audio.md §6).
 * Pure: each check returns the BadRequestException message, or undefined when the input is good.
 * Messages name the field, never its value (phone numbers are not echoed).
 */

const E164 = /^\+?[1-9]\d{1,14}$/;
const MAX_ENTRIES = 20;
const MAX_HEADER_VALUE = 2048;

export interface CreateCallInput {
  sipMediaApplicationId: string;
  fromPhoneNumber: string;
  toPhoneNumber: string;
  sipHeaders?: Record<string, string>;
  argumentsMap?: Record<string, string>;
}

export interface UpdateCallInput {
  sipMediaApplicationId: string;
  transactionId: string;
  arguments: Record<string, string>;
}

type Parsed<T> = { input: T } | { error: string };

export function parseCreateCall(sipMediaApplicationId: string, body: unknown): Parsed<CreateCallInput> {
  const problem = checkId('sipMediaApplicationId', sipMediaApplicationId) ?? checkObject(body);
  if (problem) return { error: problem };
  const b = body as Record<string, unknown>;
  const error =
    checkPhone('fromPhoneNumber', b.FromPhoneNumber) ??
    checkPhone('toPhoneNumber', b.ToPhoneNumber) ??
    checkMap('sipHeaders', b.SipHeaders, false) ??
    checkSipHeaders(b.SipHeaders) ??
    checkMap('argumentsMap', b.ArgumentsMap, false);
  if (error) return { error };
  return {
    input: {
      sipMediaApplicationId,
      fromPhoneNumber: b.FromPhoneNumber as string,
      toPhoneNumber: b.ToPhoneNumber as string,
      ...(b.SipHeaders ? { sipHeaders: b.SipHeaders as Record<string, string> } : {}),
      ...(b.ArgumentsMap ? { argumentsMap: b.ArgumentsMap as Record<string, string> } : {}),
    },
  };
}

export function parseUpdateCall(
  sipMediaApplicationId: string,
  transactionId: string,
  body: unknown,
): Parsed<UpdateCallInput> {
  const error =
    checkId('sipMediaApplicationId', sipMediaApplicationId) ??
    checkId('transactionId', transactionId) ??
    checkObject(body) ??
    checkMap('arguments', (body as Record<string, unknown>).Arguments, true);
  if (error) return { error };
  return {
    input: {
      sipMediaApplicationId,
      transactionId,
      arguments: (body as { Arguments: Record<string, string> }).Arguments,
    },
  };
}

function checkObject(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? undefined
    : 'The request body must be a JSON object.';
}

function checkId(field: string, value: string): string | undefined {
  return /\S/.test(value)
    ? undefined
    : constraint(field, 'Member must satisfy regular expression pattern: .*\\S.*');
}

function checkPhone(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return constraint(field, 'Member must not be null', true);
  if (typeof value !== 'string' || !E164.test(value)) {
    return constraint(field, `Member must satisfy regular expression pattern: ${E164.source}`);
  }
  return undefined;
}

function checkMap(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined || value === null)
    return required ? constraint(field, 'Member must not be null', true) : undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    return `${field} must be a map of strings to strings.`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ENTRIES)
    return constraint(field, `Member must have length less than or equal to ${MAX_ENTRIES}`);
  const bad = entries.find(([, v]) => typeof v !== 'string');
  return bad ? `${field} must map strings to strings; the value of '${bad[0]}' is not a string.` : undefined;
}

/** Keys must be `x-…`, `User-to-User` or `Diversion`; `X-AMZN…` is reserved; values at most 2,048 characters. */
function checkSipHeaders(value: unknown): string | undefined {
  for (const [name, v] of Object.entries((value ?? {}) as Record<string, string>)) {
    if (/^x-amzn/i.test(name))
      return `SIP header '${name}' is not allowed: headers starting with X-AMZN are reserved.`;
    if (!/^x-/i.test(name) && !/^(user-to-user|diversion)$/i.test(name)) {
      return `SIP header '${name}' is not allowed: only headers starting with 'x-', User-to-User and Diversion may be set.`;
    }
    if (v.length > MAX_HEADER_VALUE)
      return `The value of SIP header '${name}' is longer than ${MAX_HEADER_VALUE} characters.`;
  }
  return undefined;
}

/** The AWS (Coral) validation message; sensitive values are never echoed. */
function constraint(field: string, rule: string, isNull = false): string {
  return `1 validation error detected: Value ${isNull ? 'null ' : ''}at '${field}' failed to satisfy constraint: ${rule}`;
}
