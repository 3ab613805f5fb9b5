/** `${Name}` definition substitutions, applied textually before validation (like CloudFormation). */
export function substitute(definition: string | object, substitutions?: Record<string, string>): string {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  if (!substitutions || Object.keys(substitutions).length === 0) return text;
  return text.replace(/\$\{([a-zA-Z0-9_]+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(substitutions, key) ? String(substitutions[key]) : whole,
  );
}
