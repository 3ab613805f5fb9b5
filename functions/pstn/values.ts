/** Small predicates and renderers over untrusted JSON values. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a bad value for an error message (never the whole of a long string). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  }
  return String(value);
}

/** A phone number as it may appear in an error message: "+1206*****00". */
export function maskNumber(value: unknown): string {
  if (typeof value !== 'string') return describeValue(value);
  if (value.length <= 5) return JSON.stringify('*'.repeat(value.length));
  return JSON.stringify(value.slice(0, 4) + '*'.repeat(value.length - 6) + value.slice(-2));
}
