/**
 * Runs every scenario file of a folder under `scenarios/` as a vitest test, against one lab serving
 * `workflows/`. The same files run with `npm run call -- <file>`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { runScenario } from '../../lab/phone/run';
import { parseScenario, type Scenario } from '../../lab/phone/scenario';

export function scenarioSuite(folder: string): void {
  const dir = join(REPO_ROOT, 'scenarios', folder);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  // one lab per distinct set of Init settings (a scenario's `settings:`), started when first needed
  const labs = new Map<string, Promise<Lab>>();
  const labFor = (scenario: Scenario) => {
    const key = JSON.stringify(scenario.settings ?? {});
    if (!labs.has(key)) {
      const settings = scenario.settings ? { [scenario.line]: scenario.settings } : undefined;
      labs.set(key, startLab({ port: 0, speed: 50, ...(settings ? { settings } : {}) }));
    }
    return labs.get(key)!;
  };
  beforeAll(async () => {
    await labFor({ line: '' } as Scenario);
  });
  afterAll(async () => {
    for (const lab of labs.values()) await (await lab).close();
  });
  for (const file of files) {
    const source = `scenarios/${folder}/${file}`;
    const scenario = parseScenario(readFileSync(join(dir, file), 'utf8'), source);
    it(`${scenario.name} (${source})`, async () => {
      const result = await runScenario(await labFor(scenario), scenario);
      expect(result.failure, result.transcript.join('\n')).toBeUndefined();
    }, 60_000);
  }
}
