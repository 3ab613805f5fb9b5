/** Phone numbers in logs keep their last four digits; everything else is starred. */
export function maskNumber(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}
