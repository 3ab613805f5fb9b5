/**
 * A scenario's `lab:` block: the settings of the lab it needs (a model that fails, a slower clock, audio the
 * lab lacks), so the file runs alone with `npm run call` exactly as its test runs it.
 *
 *   lab: { model: lab.slow-21s, speed: 10, turn-budget-ms: 500, without-audio: [hold-music.wav] }
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabOptions } from '../index';

export interface LabSettings {
  /** the Bedrock model id (the lab's faults are chosen by model id, like lab.error) */
  model?: string;
  /** lab ms per real ms for this scenario */
  speed?: number;
  /** the router's turn budget, ms */
  turnBudgetMs?: number;
  /** audio files (under audio/) the lab does not have, so playing them fails */
  withoutAudio?: string[];
}

type Fail = (where: string, detail: string) => never;
const KEYS = ['model', 'speed', 'turn-budget-ms', 'without-audio'];

export function parseLabSettings(value: unknown, fail: Fail): LabSettings {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('lab', `a mapping of: ${KEYS.join(', ')}`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v))
    if (!KEYS.includes(key)) fail(`lab.${key}`, `unknown field (expected one of: ${KEYS.join(', ')})`);
  const settings: LabSettings = {};
  if (v.model !== undefined) {
    if (typeof v.model !== 'string' || !v.model) fail('lab.model', 'must be a model id');
    settings.model = v.model as string;
  }
  for (const [key, field] of [
    ['speed', 'speed'],
    ['turn-budget-ms', 'turnBudgetMs'],
  ] as const) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'number' || !((v[key] as number) > 0)) fail(`lab.${key}`, 'must be a number > 0');
    settings[field] = v[key] as number;
  }
  if (v['without-audio'] !== undefined) {
    const list = v['without-audio'];
    if (!Array.isArray(list) || !list.every((f) => typeof f === 'string' && /^[\w.-]+$/.test(f)))
      fail('lab.without-audio', 'must be a list of file names under audio/, like [hold-music.wav]');
    settings.withoutAudio = list as string[];
  }
  return settings;
}

/** The options for `startLab`, and a cleanup for the temporary audio folder it may need. */
export function labOptionsFor(
  settings: LabSettings,
  base: LabOptions & { audioDir: string },
): { options: LabOptions; cleanup: () => void } {
  const options: LabOptions = {
    ...base,
    ...(settings.model && { modelId: settings.model }),
    ...(settings.speed && { speed: settings.speed }),
    ...(settings.turnBudgetMs && { turnBudgetMs: settings.turnBudgetMs }),
  };
  if (!settings.withoutAudio?.length) return { options, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'lab-audio-'));
  const missing = new Set(settings.withoutAudio);
  cpSync(base.audioDir, dir, { recursive: true, filter: (src) => !missing.has(src.split('/').pop()!) });
  return {
    options: { ...options, audioDir: dir },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
