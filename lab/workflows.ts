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

/** The file in a workflows folder that says which number serves which workflow. */
export const LINES_FILE = 'lines.json';

/**
 * `workflows/lines.json`: `{ "business-line": "+12065550200", … }`. Missing file: no numbers pinned. A
 * workflow named here keeps its number whatever else is added; an entry whose workflow is gone keeps its number
 * reserved, so no other line takes it by surprise.
 */
export function readLineNumbers(dir: string): Record<string, string> {
  const file = join(dir, LINES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(
      `${file}: write an object of workflow name → number, like {"business-line": "+12065550200"}`,
    );
  const numbers = raw as Record<string, unknown>;
  const seen = new Map<string, string>();
  for (const [name, number] of Object.entries(numbers)) {
    if (typeof number !== 'string' || !E164.test(number))
      throw new Error(`${file}: the number for "${name}" is not E.164: ${JSON.stringify(number)}`);
    if (seen.has(number))
      throw new Error(`${file}: ${number} is given to both "${seen.get(number)}" and "${name}"`);
    seen.set(number, name);
  }
  return numbers as Record<string, string>;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Numbers for the lines: the ones configured (`pinned`, from lines.json, may name workflows that are gone, and
 * `given`, from the lab's options, must not), then, for the rest, +1 206 555 02NN where NN comes from the
 * workflow's name (the next free one if taken) — so adding a workflow does not renumber the others. The owner's
 * and customers' example numbers (+1 206 555 01NN) never collide with them.
 */
export function assignNumbers(
  flows: CallFlowFile[],
  given: Record<string, string> = {},
  pinned: Record<string, string> = {},
): Record<string, string> {
  for (const name of Object.keys(given)) {
    if (!flows.some((f) => f.name === name)) {
      throw new Error(`a number is configured for "${name}", but there is no workflows/${name}.asl.json`);
    }
    if (!E164.test(given[name])) throw new Error(`the number for "${name}" is not E.164: "${given[name]}"`);
  }
  const chosen = { ...pinned, ...given };
  const taken = new Set(Object.values(chosen));
  const numbers: Record<string, string> = {};
  const unpinned = flows.filter((f) => !chosen[f.name]).sort((a, b) => a.name.localeCompare(b.name));
  for (const flow of flows) if (chosen[flow.name]) numbers[flow.name] = chosen[flow.name];
  for (const flow of unpinned) {
    const start = nameHash(flow.name) % 100;
    let i = 0;
    let number: string;
    do number = `+1206555${String(200 + ((start + i++) % 100)).padStart(4, '0')}`;
    while (taken.has(number) && i <= 100);
    if (taken.has(number)) throw new Error('every number from +12065550200 to +12065550299 is taken');
    taken.add(number);
    numbers[flow.name] = number;
  }
  return Object.fromEntries(flows.map((f) => [f.name, numbers[f.name]]));
}

/** FNV-1a of a name: the same number for the same workflow, on every machine, every start. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
