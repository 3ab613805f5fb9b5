/**
 * A workflow's Init settings changed at start, as an admin changes them in Workflow Studio: the lab's way to
 * run one call flow with another language (`npm start -- --language es-US`, a scenario's `settings:`) without
 * editing the file. Pure: a definition in, a definition out, and a clear error for a setting Init lacks.
 */

/** Workflow name → Init setting → value. */
export type InitSettings = Record<string, Record<string, unknown>>;

export function withInitSettings(
  definition: string,
  flow: string,
  settings: Record<string, unknown>,
): string {
  const parsed = JSON.parse(definition) as { States?: Record<string, { Assign?: Record<string, unknown> }> };
  const init = parsed.States?.Init?.Assign;
  if (!init) throw new Error(`${flow}: settings were given, but the workflow has no Init state with Assign`);
  for (const [name, value] of Object.entries(settings)) {
    if (!(name in init)) {
      throw new Error(
        `${flow}: Init has no setting "${name}" (it has: ${Object.keys(init)
          .filter((k) => typeof init[k] !== 'string' || !String(init[k]).startsWith('{%'))
          .join(', ')})`,
      );
    }
    init[name] = value;
  }
  return JSON.stringify(parsed);
}

/** Settings for workflows the lab does not serve are a mistake worth stopping for. */
export function checkSettingsFlows(settings: InitSettings, flows: string[]): void {
  const unknown = Object.keys(settings).filter((name) => !flows.includes(name));
  if (unknown.length > 0)
    throw new Error(
      `settings for "${unknown[0]}", which is not a workflow the lab serves (${flows.join(', ')})`,
    );
}
