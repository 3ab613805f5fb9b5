/**
 * `npm run call -- <file | folder>…`: finds the scenario files, checks every one before any call is placed,
 * runs each in a lab of its own (so each passes or fails by itself, as when run alone) and ends with a
 * summary line per scenario.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, startLab } from '../index';
import { labOptionsFor } from '../phone/lab-settings';
import { parseScenario, ScenarioError, type Scenario } from '../phone/scenario';
import { runScenario, type ScenarioResult } from '../phone/run';
import { latencyProfile } from '../latency';
import { numberFlag, UsageError } from './options';

/** The `.yaml` files the arguments name: files as given, folders searched (sorted, with subfolders). */
export function scenarioFiles(args: string[]): string[] {
  if (args.length === 0)
    throw new UsageError('name a scenario file or folder: npm run call -- scenarios/business-line');
  return args.flatMap((arg) => {
    let stat;
    try {
      stat = statSync(arg);
    } catch {
      throw new UsageError(`${arg}: no such file or folder`);
    }
    if (!stat.isDirectory()) return [arg];
    const found = yamlUnder(arg);
    if (found.length === 0) throw new UsageError(`${arg}: a folder with no .yaml scenario files`);
    return found;
  });
}

function yamlUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlUnder(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    });
}

/** Every file parsed and checked before the first call; the first problem is thrown, naming file and field. */
export function loadScenarios(files: string[]): Scenario[] {
  return files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(
        `${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    return parseScenario(text, relative(process.cwd(), file) || file);
  });
}

export function summary(results: ScenarioResult[], total: number): string[] {
  const passed = results.filter((r) => r.ok).length;
  const notRun = total - results.length;
  return [
    '',
    `${passed} of ${total} scenario(s) passed${notRun > 0 ? `, ${notRun} not run` : ''}:`,
    ...results.map((r) => (r.ok ? `  PASS  ${r.source}` : `  FAIL  ${r.failure}`)),
  ];
}

export async function runScenarioFiles(args: string[], values: Record<string, unknown>): Promise<number> {
  let scenarios: Scenario[];
  try {
    scenarios = loadScenarios(scenarioFiles(args));
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
  const port = numberFlag(values.port, 'port') ?? 0;
  const speed = numberFlag(values.speed, 'speed', true) ?? 50;
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    console.log(`\n# ${scenario.name}  (${scenario.source})`);
    const { options, cleanup } = labOptionsFor(scenario.lab, {
      port,
      speed,
      workflowsDir: values.workflows as string | undefined,
      audioDir: join(REPO_ROOT, 'audio'),
    });
    const lab = await startLab({
      ...options,
      receptionist: values.receptionist === true,
      latency: latencyProfile(values.latency as string | undefined),
      // a scenario's settings change its workflow's Init (its Language, say)
      ...(scenario.settings ? { settings: { [scenario.line]: scenario.settings } } : {}),
    });
    try {
      const result = await runScenario(lab, scenario, {
        print: values.quiet ? undefined : (line) => console.log(line),
      });
      if (values.quiet) console.log(result.ok ? `PASS  ${result.name}` : `FAIL  ${result.failure}`);
      results.push(result);
    } finally {
      await lab.close();
      cleanup();
    }
  }
  console.log(summary(results, scenarios.length).join('\n'));
  return results.every((r) => r.ok) ? 0 : 1;
}
