/**
 * Real 8 kHz speech for prompts and the caller's words, with `espeak-ng` (voice) and `sox` (resampling)
 * when both are installed. Without them every render returns undefined and the lab keeps speech as text.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface SpeechRenderer {
  /** Whether both programs were found (checked once, on first use). */
  available(): boolean;
  /** An 8 kHz mono 16-bit WAV of `text` (plain or SSML), or undefined when the programs are not installed. */
  render(text: string): Promise<Buffer | undefined>;
}

/** A guard against a hung child process (real time: this is a process, not lab media). */
const RENDER_TIMEOUT_MS = 15_000;

export function createSpeechRenderer(
  programs: { espeak?: string; sox?: string; voice?: string } = {},
): SpeechRenderer {
  const espeak = programs.espeak ?? 'espeak-ng';
  const sox = programs.sox ?? 'sox';
  const voice = programs.voice ?? 'en-us';
  let found: boolean | undefined;
  const available = () => (found ??= runs(espeak) && runs(sox));
  return {
    available,
    async render(text) {
      if (!available()) return undefined;
      const ssml = /^\s*<speak\b/i.test(text);
      const speech = spawn(espeak, ['-v', voice, ...(ssml ? ['-m'] : []), '--stdout', '--stdin'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const resample = spawn(
        sox,
        ['-t', 'wav', '-', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav', '-'],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      speech.stdout.pipe(resample.stdin);
      speech.stdin.end(text);
      const chunks: Buffer[] = [];
      resample.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      const stderr: string[] = [];
      speech.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      resample.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      const timer = setTimeout(() => {
        speech.kill();
        resample.kill();
      }, RENDER_TIMEOUT_MS);
      try {
        const [speechCode, soxCode] = await Promise.all([exitCode(speech), exitCode(resample)]);
        if (speechCode !== 0 || soxCode !== 0) {
          throw new Error(
            `rendering speech failed (${espeak} exit ${speechCode}, ${sox} exit ${soxCode}): ${stderr.join('').trim()}`,
          );
        }
        return Buffer.concat(chunks);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const shared = createSpeechRenderer();

/** Renders with the system's `espeak-ng` and `sox`; undefined when either is not installed. */
export function renderSpeech(text: string): Promise<Buffer | undefined> {
  return shared.render(text);
}

function runs(program: string): boolean {
  const result = spawnSync(program, ['--version'], { stdio: 'ignore', timeout: 5_000 });
  return !result.error && result.status === 0;
}

function exitCode(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', (code) => resolve(code));
  });
}
