/**
 * Definition checks remembered per definition text (after substitutions), so starting an execution of an
 * unchanged definition does not validate it again. Only definitions that passed are remembered; a hit
 * still parses the text afresh, so executions never share definition objects. Integrations may come and
 * go, so a hit counts only if every integration the check looked up resolves as it did then.
 */
import type { IntegrationResolver } from '../types';
import { validateText, type Checked } from './validate';

/** Enough for every definition a lab session uses; past it the cache starts over. */
const MAX_ENTRIES = 1000;

export function createValidationCache(integrations?: IntegrationResolver): (text: string) => Checked {
  const passed = new Map<string, Checked>();
  const stillResolves = (checked: Checked) =>
    [...(checked.resourcesFound ?? [])].every(([resource, found]) => !!integrations?.(resource) === found);

  return (text) => {
    const hit = passed.get(text);
    if (hit && stillResolves(hit))
      return { ...hit, machine: JSON.parse(text), diagnostics: [...hit.diagnostics] };
    const checked = validateText(text, integrations);
    if (checked.diagnostics.some((d) => d.severity === 'ERROR')) return checked;
    if (passed.size >= MAX_ENTRIES) passed.clear();
    passed.set(text, { ...checked, machine: undefined, diagnostics: [...checked.diagnostics] });
    return checked;
  };
}
