/**
 * What an EXPRESS state machine may not contain (docs/aws/step-functions.md §8.2): `.waitForTaskToken` and
 * `.sync` integrations, and activities. AWS refuses such a definition at create time.
 */
import type { Diagnostic } from '../engine';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expressDiagnostics(definition: string): Diagnostic[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return []; // the engine's validation reports the JSON error
  }
  const found: Diagnostic[] = [];
  const visit = (block: unknown, at: string) => {
    if (!isObject(block) || !isObject(block.States)) return;
    for (const [name, state] of Object.entries(block.States)) {
      if (!isObject(state)) continue;
      const where = `${at}/States/${name}`;
      const resource = typeof state.Resource === 'string' ? state.Resource : '';
      const refused = /\.waitForTaskToken$/.test(resource)
        ? "'.waitForTaskToken' service integration"
        : /\.sync(:2)?$/.test(resource)
          ? "'.sync' service integration"
          : /:activity:/.test(resource)
            ? 'Activity ARN'
            : undefined;
      if (refused)
        found.push({
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: `Express state machine does not support ${refused}`,
          location: `${where}/Resource`,
        });
      if (Array.isArray(state.Branches))
        state.Branches.forEach((b, i) => visit(b, `${where}/Branches[${i}]`));
      visit(state.ItemProcessor, `${where}/ItemProcessor`);
      visit(state.Iterator, `${where}/Iterator`);
    }
  };
  visit(parsed, '');
  return found;
}
