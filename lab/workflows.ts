/**
 * The call flows the lab serves: every `workflows/*.asl.json`, with the `${Name}` placeholders it uses and the
 * number it answers on. Pure apart from reading the folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface CallFlowFile {
  /** the file's base name without `.asl.json`, e.g. `business-line` — also the state machine's name */
  name: string;
  file: string;
  definition: string;
  /** every `${Name}` the definition uses */
  placeholders: string[];
}

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function readCallFlows(dir: string): CallFlowFile[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.asl.json'));
  } catch (e) {
    throw new Error(`cannot read the workflows folder ${dir}: ${(e as Error).message}`, { cause: e });
  }
  return files.sort().map((f) => {
    const file = join(dir, f);
    const definition = readFileSync(file, 'utf8');
    return { name: basename(f, '.asl.json'), file, definition, placeholders: placeholdersOf(definition) };
  });
}

export function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

/** `BusinessHoursFunctionArn` → `business-hours`; undefined for a placeholder that names no function. */
export function functionOfPlaceholder(placeholder: string): string | undefined {
  const m = /^([A-Z][A-Za-z0-9]*)FunctionArn$/.exec(placeholder);
  return m ? m[1].replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase() : undefined;
}

/**
 * Numbers for the lines: the ones given, then +1 206 555 02NN in file order for the rest. The owner's and
 * customers' example numbers (+1 206 555 01NN) never collide with them.
 */
export function assignNumbers(
  flows: CallFlowFile[],
  given: Record<string, string> = {},
): Record<string, string> {
  const numbers: Record<string, string> = {};
  const taken = new Set(Object.values(given));
  for (const name of Object.keys(given)) {
    if (!flows.some((f) => f.name === name)) {
      throw new Error(`a number is configured for "${name}", but there is no workflows/${name}.asl.json`);
    }
    if (!/^\+[1-9]\d{1,14}$/.test(given[name]))
      throw new Error(`the number for "${name}" is not E.164: "${given[name]}"`);
  }
  let next = 200;
  for (const flow of flows) {
    if (given[flow.name]) {
      numbers[flow.name] = given[flow.name];
      continue;
    }
    let number: string;
    do number = `+1206555${String(next++).padStart(4, '0')}`;
    while (taken.has(number));
    numbers[flow.name] = number;
  }
  return numbers;
}
