/**
 * Runs every scenario file of a folder under `scenarios/` as a vitest test, each in a fresh lab serving
 * `workflows/` — as `npm run call -- <file>` runs it alone, so no file depends on another having run first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { runScenario } from '../../lab/phone/run';
import { parseScenario } from '../../lab/phone/scenario';
import { labOptionsFor } from '../../lab/phone/lab-settings';

export function scenarioSuite(folder: string): void {
  const dir = join(REPO_ROOT, 'scenarios', folder);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });
  for (const file of files) {
    const source = `scenarios/${folder}/${file}`;
    const scenario = parseScenario(readFileSync(join(dir, file), 'utf8'), source);
    it(`${scenario.name} (${source})`, async () => {
      const { options, cleanup } = labOptionsFor(scenario.lab, {
        port: 0,
        speed: 50,
        audioDir: join(REPO_ROOT, 'audio'),
      });
      onTestFinished(cleanup);
      // a scenario's settings (its Language) change its workflow's Init, as in npm run call
      const settings = scenario.settings ? { settings: { [scenario.line]: scenario.settings } } : {};
      lab = await startLab({ ...options, ...settings });
      const result = await runScenario(lab, scenario);
      expect(result.failure, result.transcript.join('\n')).toBeUndefined();
    }, 60_000);
  }
}
