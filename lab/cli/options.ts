/**
 * The lab's commands and their flags, in one table: parsing, `--help` and the errors for a mistyped flag all
 * come from it, so a flag cannot exist without its description. Pure: argv in, a command or a message out.
 */
import { parseArgs } from 'node:util';

export interface Flag {
  type: 'string' | 'boolean';
  /** what the value looks like, for the help ("<n>", "<dir>") */
  value?: string;
  help: string;
}

export interface Command {
  summary: string;
  usage: string;
  flags: Record<string, Flag>;
  /** printed after the flags */
  notes?: string;
}

const COMMON: Record<string, Flag> = {
  port: { type: 'string', value: '<n>', help: 'port of the AWS edge (0 = any free port)' },
  speed: { type: 'string', value: '<x>', help: 'lab ms per real ms: 10 plays media ten times faster' },
  workflows: {
    type: 'string',
    value: '<dir>',
    help: 'folder of *.asl.json call flows to serve (default: workflows/)',
  },
  latency: {
    type: 'string',
    value: 'realistic',
    help: "AWS's own service latencies (Transcribe, Bedrock, Polly, the APIs; lab/latency.ts) instead of instant answers",
  },
  receptionist: {
    type: 'boolean',
    help: 'the voice assistant answers the business number (the AI receptionist); the business line the next one',
  },
};
const HELP: Record<string, Flag> = { help: { type: 'boolean', help: 'print this help and exit' } };

export const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'start the Phone Lab, the web phone and (in a terminal) the terminal phone',
    usage: 'npm start [-- <flags>]',
    flags: {
      ...COMMON,
      port: { ...COMMON.port, help: `${COMMON.port.help} (default 4566)` },
      speed: { ...COMMON.speed, help: `${COMMON.speed.help} (default 1)` },
      at: {
        type: 'string',
        value: '<time>',
        help: 'the lab\'s wall clock at start, e.g. "2026-11-23T21:30:00-05:00" (default: now)',
      },
      data: {
        type: 'string',
        value: '<dir>',
        help: "keep the lab's state (voicemails, recordings, table items, schedules, executions, the lab clock) in this folder across restarts (default: nothing kept)",
      },
      language: {
        type: 'string',
        value: '<code>',
        help: "the voice assistant's Language, e.g. es-US (an entry of Languages in its Init)",
      },
      'web-port': {
        type: 'string',
        value: '<n>',
        help: 'port of the web phone (default 4567, else any free port)',
      },
      ...HELP,
    },
    notes: 'In a terminal, type "help" at the phone> prompt for the phone\'s commands.',
  },
  call: {
    summary: 'run call scenarios (files, or folders of *.yaml) and print each call as it goes',
    usage: 'npm run call -- <scenario.yaml | folder>… [<flags>]',
    flags: {
      ...COMMON,
      port: { ...COMMON.port, help: `${COMMON.port.help} (default 0)` },
      speed: { ...COMMON.speed, help: `${COMMON.speed.help} (default 50)` },
      quiet: { type: 'boolean', help: 'print one PASS/FAIL line per scenario instead of the transcript' },
      ...HELP,
    },
    notes:
      'Each scenario runs in a fresh lab, so it passes or fails on its own. Exit status: 0 when all pass.',
  },
};

export type Parsed =
  | { kind: 'run'; command: string; values: Record<string, string | boolean | undefined>; files: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

/** `argv` after the script: `["start", "--port", "0"]`; no command means `start`. */
export function parseCommandLine(argv: string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) return parseCommand('start', argv);
  if (first === 'help') return { kind: 'help', text: overview() };
  if (!COMMANDS[first]) {
    return {
      kind: 'error',
      message: `unknown command "${first}" (commands: ${Object.keys(COMMANDS).join(', ')})`,
    };
  }
  return parseCommand(first, rest);
}

function parseCommand(name: string, args: string[]): Parsed {
  const command = COMMANDS[name];
  const options = Object.fromEntries(
    Object.entries(command.flags).map(([flag, f]) => [flag, { type: f.type }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    return { kind: 'error', message: `${flagProblem(e as Error, name)} — see: ${helpCommand(name)}` };
  }
  if (parsed.values.help || (parsed.positionals.length === 1 && parsed.positionals[0] === 'help'))
    return { kind: 'help', text: helpFor(name) };
  if (name === 'start' && parsed.positionals.length > 0) {
    return {
      kind: 'error',
      message: `npm start takes no files (got "${parsed.positionals[0]}"); to run a scenario: npm run call -- ${parsed.positionals[0]}`,
    };
  }
  return { kind: 'run', command: name, values: parsed.values, files: parsed.positionals };
}

/** Node's parseArgs messages, as one line that names the flag and what to do about it. */
function flagProblem(e: Error, command: string): string {
  const code = (e as { code?: string }).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
  const known = Object.keys(COMMANDS[command].flags).map((f) => `--${f}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = known.find((k) => distance(k, flag) <= 2);
    return `unknown flag ${flag}${near ? ` (did you mean ${near}?)` : ''}; flags: ${known.join(' ')}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const isBoolean = known.includes(flag) && COMMANDS[command].flags[flag.slice(2)]?.type === 'boolean';
    return isBoolean
      ? `${flag} takes no value`
      : `${flag} needs a value, like ${flag} ${COMMANDS[command].flags[flag.slice(2)]?.value ?? '<value>'}`;
  }
  return e.message.split('\n')[0];
}

/** Edit distance (insert, delete, replace) between two short strings. */
function distance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

function helpCommand(name: string): string {
  return name === 'start' ? 'npm start -- --help' : `npm run ${name} -- --help`;
}

export function helpFor(name: string): string {
  const command = COMMANDS[name];
  const rows = Object.entries(command.flags).map(([flag, f]) => [
    `--${flag}${f.value ? ` ${f.value}` : ''}`,
    f.help,
  ]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `${command.usage}`,
    '',
    `  ${command.summary}`,
    '',
    'Flags:',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}${help}`),
    ...(command.notes ? ['', command.notes] : []),
  ].join('\n');
}

function overview(): string {
  return [
    'Commands:',
    ...Object.entries(COMMANDS).map(([, c]) => `  ${c.usage.padEnd(50)}${c.summary}`),
    '',
    'Add --help to any of them for its flags.',
  ].join('\n');
}

/** A flag's value as a number >= 0 (> 0 when `positive`), or a message naming the flag. */
export function numberFlag(value: unknown, name: string, positive = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const low = positive ? n <= 0 : n < 0;
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || low) {
    throw new UsageError(`--${name} must be a number ${positive ? '> 0' : '>= 0'}, got "${String(value)}"`);
  }
  return n;
}

/** A flag's value as a lab time (ISO 8601 with its offset), or a message naming the flag. */
export function timeFlag(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !Number.isFinite(Date.parse(value))) {
    throw new UsageError(
      `--${name} must be a date-time like "2026-11-23T21:30:00-05:00", got "${String(value)}"`,
    );
  }
  return value;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
