/** Definition checks, like ValidateStateMachineDefinition (reference §1.2). */
import type { Machine } from './runtime';
import type { Diagnostic, IntegrationResolver } from './types';

export interface Checked {
  machine?: Machine;
  diagnostics: Diagnostic[];
}

export function validateText(text: string, _integrations?: IntegrationResolver): Checked {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'Definition must be a valid JSON object' }] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'Definition must be a valid JSON object' }] };
  }
  return { machine: parsed as Machine, diagnostics: [] };
}
