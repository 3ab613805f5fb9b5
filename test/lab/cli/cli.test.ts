/**
 * The lab's command line as a newcomer meets it: --help on every command, one clear line for a mistyped flag
 * (never a stack trace), files or folders for `call` with a summary, and a banner with the PIN and the AWS lines.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../lab';
import { banner } from '../../../lab/cli/banner';
import { scenarioFiles, summary } from '../../../lab/cli/call';
import { COMMANDS, helpFor, numberFlag, parseCommandLine } from '../../../lab/cli/options';

const run = promisify(execFile);
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [join(REPO_ROOT, 'lab/cli.ts'), ...args], {
      cwd: REPO_ROOT,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('flags', () => {
  it.each(Object.keys(COMMANDS))('%s --help lists every flag with what it does', (name) => {
    const parsed = parseCommandLine([name, '--help']);
    expect(parsed.kind).toBe('help');
    const text = (parsed as { text: string }).text;
    for (const flag of Object.keys(COMMANDS[name].flags))
      expect(text).toMatch(new RegExp(`--${flag}\\b.*\\w`));
  });

  it('"help" as a word works too (npm start -- help)', () => {
    expect(parseCommandLine(['start', 'help'])).toEqual({ kind: 'help', text: helpFor('start') });
  });

  it('every flag is documented in docs/phone-lab.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/phone-lab.md'), 'utf8');
    for (const command of Object.values(COMMANDS))
      for (const flag of Object.keys(command.flags)) expect(doc, `--${flag}`).toContain(`--${flag}`);
  });

  it('a mistyped flag gets one line naming it, the nearest flag and where help is', () => {
    const parsed = parseCommandLine(['start', '--prot', '0']);
    expect(parsed).toEqual({
      kind: 'error',
      message: expect.stringMatching(/^unknown flag --prot \(did you mean --port\?\).*npm start -- --help$/),
    });
    expect((parsed as { message: string }).message).not.toContain('\n');
  });

  it('a speed of 0 or less is refused, since lab time would stand still', () => {
    expect(() => numberFlag('0', 'speed', true)).toThrow('--speed must be a number > 0, got "0"');
    expect(() => numberFlag('-5', 'speed', true)).toThrow('--speed must be a number > 0, got "-5"');
    expect(numberFlag('0.5', 'speed', true)).toBe(0.5);
    expect(numberFlag('0', 'port')).toBe(0);
  });

  it('a flag without its value, a value on a switch and an unknown command are named', () => {
    expect(parseCommandLine(['call', 'x.yaml', '--speed'])).toMatchObject({
      message: /--speed needs a value/,
    });
    expect(parseCommandLine(['call', '--quiet=yes'])).toMatchObject({ message: /--quiet takes no value/ });
    expect(parseCommandLine(['dial'])).toMatchObject({
      message: /unknown command "dial" \(commands: start, call\)/,
    });
    expect(parseCommandLine(['start', 'scenarios/x.yaml'])).toMatchObject({
      message: /npm run call -- scenarios\/x.yaml/,
    });
  });

  it('npm start takes the lab time and a data folder', () => {
    expect(parseCommandLine(['start', '--at', '2026-11-23T21:30:00-05:00', '--data', '.lab'])).toMatchObject({
      kind: 'run',
      values: { at: '2026-11-23T21:30:00-05:00', data: '.lab' },
    });
    expect(helpFor('start')).toMatch(/--at <time>/);
  });
});

describe('the real command, as npm runs it', () => {
  it('--help prints the flags and exits 0; a bad flag, a missing file exit 2 with one line and no stack', async () => {
    const help = await cli('call', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--quiet/);
    const bad = await cli('start', '--bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: unknown flag --bogus/)]);
    const missing = await cli('call', 'scenarios/no-such-file.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('lab: scenarios/no-such-file.yaml: no such file or folder');
  }, 120_000);

  it('an unknown expect: key is refused before any call is placed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scenario-')), 'typo.yaml');
    writeFileSync(
      file,
      `name: typo\nline: business-line\nfrom: '+12065550123'\nsteps: [hangup]\nexpect:\n  voicemail: 1\n`,
    );
    const result = await cli('call', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/typo.yaml: expect.voicemail: unknown check \(known: voicemails,/);
    expect(result.stdout).not.toMatch(/dials/);
  }, 60_000);
});

describe('scenario files and folders', () => {
  it('a folder stands for every .yaml under it, in order; a missing path is named', () => {
    const files = scenarioFiles([join(REPO_ROOT, 'scenarios/voice-assistant')]);
    expect(files.length).toBeGreaterThan(3);
    expect(files.every((f) => f.endsWith('.yaml'))).toBe(true);
    expect(files).toContain(join(REPO_ROOT, 'scenarios/voice-assistant/models/slow-model.yaml'));
    expect(() => scenarioFiles(['nope/'])).toThrow('nope/: no such file or folder');
    expect(() => scenarioFiles([])).toThrow(/name a scenario file or folder/);
  });

  it('the summary counts and names each scenario', () => {
    const lines = summary(
      [
        { name: 'a', source: 'a.yaml', ok: true, transcript: [] },
        { name: 'b', source: 'b.yaml', ok: false, failure: 'b.yaml: steps[2]: …', transcript: [] },
      ],
      2,
    );
    expect(lines).toEqual([
      '',
      '1 of 2 scenario(s) passed:',
      '  PASS  a.yaml',
      '  FAIL  b.yaml: steps[2]: …',
    ]);
  });
});

describe('the banner', () => {
  const lines = banner({
    edgeUrl: 'http://127.0.0.1:4566',
    pageUrl: 'http://127.0.0.1:4567/',
    numbers: { 'business-line': '+12065550200', 'voice-assistant': '+12065550201' },
    ownerNumber: '+12065550100',
    ownerPin: '482916',
    now: Date.parse('2026-11-23T14:00:00Z'),
    speed: 1,
    pipelines: ['voicemail'],
  });
  const text = lines.join('\n');

  it('lists each line once, the owner with the PIN the lab uses', () => {
    expect(text.match(/\+12065550200/g)).toHaveLength(1);
    expect(text.match(/\+12065550201/g)).toHaveLength(1);
    expect(text).toMatch(/owner +\+12065550100 .*PIN 482916/);
  });

  it('prints the exact lines to paste into a shell', () => {
    for (const line of [
      'export AWS_ENDPOINT_URL=http://127.0.0.1:4566',
      'export AWS_REGION=us-east-1',
      'export AWS_ACCESS_KEY_ID=lab',
      'export AWS_SECRET_ACCESS_KEY=lab',
    ])
      expect(lines.map((l) => l.trim())).toContain(line);
  });

  it('names the pipelines and says that email and SMS stay in the lab', () => {
    expect(text).toMatch(/pipeline voicemail-pipeline +\(workflows\/pipelines\/voicemail\.asl\.json\)/);
    expect(text).toMatch(/outbox +what the owner is emailed or texted stays in the lab/);
  });

  it('says where the lab keeps its state and what time it is', () => {
    expect(text).toMatch(/data +in memory/);
    expect(text).toMatch(/time +2026-11-23T14:00:00.000Z/);
  });
});
