/**
 * The lab's command line.
 *   npm start [-- --port 4566 --speed 1]        start the lab; a terminal phone when run in a terminal
 *   npm run call -- <scenario.yaml…> [--speed 50] [--quiet]   run scenario files, print the transcript
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLab, type Lab } from './index';
import { parseScenario, ScenarioError } from './phone/scenario';
import { runScenario } from './phone/run';
import { startTerminalPhone } from './phone/terminal';

quietByDefault();
const [command = 'start', ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    speed: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    workflows: { type: 'string' },
  },
});

try {
  if (command === 'start') await start();
  else if (command === 'call') process.exitCode = await call(positionals);
  else {
    console.error(`unknown command "${command}" (use: start, call)`);
    process.exitCode = 2;
  }
} catch (e) {
  console.error(`lab: ${(e as Error).message}`);
  process.exitCode = 1;
}

async function start(): Promise<void> {
  const lab = await startLab({
    port: number(values.port, 'port') ?? 4566,
    speed: number(values.speed, 'speed') ?? 1,
    workflowsDir: values.workflows,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\nSwitchboard Phone Lab is running.\n`);
  console.log(
    `  edge     ${lab.edgeUrl}   (any AWS SDK or CLI: --endpoint-url ${lab.edgeUrl}, region us-east-1, any credentials)`,
  );
  for (const [name, number] of Object.entries(lab.numbers)) console.log(`  line     ${number}  ${name}`);
  console.log(`  owner    ${lab.ownerNumber}  (the business owner's phone)`);
  for (const name of Object.keys(lab.pipelines))
    console.log(`  pipeline ${name}-pipeline  (workflows/pipelines/${name}.asl.json)`);
  console.log(
    `  outbox   what the owner is emailed or texted lands here, not in a real inbox (the page's "Sent to the owner")`,
  );
  const { startWebPhone } = await import('./phone/web');
  const page = await startWebPhone(lab, { port: 4567 }).catch(() => startWebPhone(lab, { port: 0 }));
  console.log(
    `  page     ${page.url}   (the web phone: dial, listen, press keys — and watch the workflow run)`,
  );
  console.log(`\n  Run a scenario:  npm run call -- scenarios/<file>.yaml\n`);
  const stopping = once(lab);
  if (process.stdin.isTTY) startTerminalPhone(lab, { onQuit: stopping });
  else console.log('  Ctrl-C stops the lab.');
}

function once(lab: Lab): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const stop = () => {
    closing ??= lab.close().then(() => process.exit(0));
    return closing;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return stop;
}

async function call(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error('usage: npm run call -- <scenario.yaml> [more.yaml …] [--speed 50]');
    return 2;
  }
  const scenarios = [];
  for (const file of files) {
    try {
      scenarios.push(parseScenario(readFileSync(file, 'utf8'), file));
    } catch (e) {
      console.error(e instanceof ScenarioError ? e.message : `${file}: ${(e as Error).message}`);
      return 1;
    }
  }
  const lab = await startLab({
    port: number(values.port, 'port') ?? 0,
    speed: number(values.speed, 'speed') ?? 50,
    workflowsDir: values.workflows,
  });
  try {
    for (const scenario of scenarios) {
      console.log(`\n# ${scenario.name}  (${scenario.source})`);
      const result = await runScenario(lab, scenario, {
        print: values.quiet ? undefined : (line) => console.log(line),
      });
      if (values.quiet) console.log(result.ok ? `PASS  ${result.name}` : `FAIL  ${result.failure}`);
      if (!result.ok) return 1;
    }
    return 0;
  } finally {
    await lab.close();
  }
}

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0, got "${value}"`);
  return n;
}

/**
 * The AWS SDK warns about Node 20 on every start (its own switch turns that off; the lab runs fine on it), and
 * the functions' INFO logs would interleave with the call's transcript: WARN and up by default, and
 * `POWERTOOLS_LOG_LEVEL=INFO npm start` shows them all.
 */
function quietByDefault(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
}
