/**
 * Runs every scenario file of a folder under `scenarios/` as a vitest test, against one lab serving
 * `workflows/`. The same files run with `npm run call -- <file>`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { runScenario } from '../../lab/phone/run';
import { parseScenario } from '../../lab/phone/scenario';

export function scenarioSuite(folder: string): void {
  const dir = join(REPO_ROOT, 'scenarios', folder);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ port: 0, speed: 50 });
  });
  afterAll(async () => {
    await lab?.close();
  });
  for (const file of files) {
    const source = `scenarios/${folder}/${file}`;
    const scenario = parseScenario(readFileSync(join(dir, file), 'utf8'), source);
    it(`${scenario.name} (${source})`, async () => {
      const result = await runScenario(lab, scenario);
      expect(result.failure, result.transcript.join('\n')).toBeUndefined();
    }, 60_000);
  }
}
