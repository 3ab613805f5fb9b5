/**
 * Event router benchmarks:
 *  - its own cost per turn (median and p99 µs over 20,000 turns), with SQS and Step Functions replaced by
 *    in-process stand-ins that answer at once, and logging off — so only the router's code is timed;
 *  - the esbuild bundle of functions/event-router/index.ts (minified, node20, ESM, AWS SDK included);
 *  - cold import time of that bundle in a fresh `node` (median of 5), with CALL_FLOWS set and the
 *    Lambda-style eager cold start on.
 *
 * Alone: npx tsx -e "import('./bench/router.ts').then(m=>m.run())"
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { createRouter } from '../functions/event-router';
import { SDK_ON_DEMAND_ONLY } from '../infra/bundling';
import { benchEvent, BENCH_LINE } from './fixtures/events';
import { InstantAws } from './fixtures/instant-aws';

const TURNS = 20_000;
const WARM_UP = 2_000;
const IMPORT_RUNS = 5;
const BUNDLE_TARGET_KB = 300;
const IMPORT_TARGET_MS = 100;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** One long call: every turn completes the waiting task and gets the workflow's next message at once. */
async function turnCost(): Promise<{ median: number; p99: number }> {
  const aws = new InstantAws((n) =>
    JSON.stringify({
      SchemaVersion: '1.0',
      Actions: [{ Type: 'Speak', Parameters: { Text: `Prompt ${n}` } }],
      TransactionAttributes: { WaitToken: `token-${n}`, QueueUrl: '' },
    }),
  );
  const callFlows = { [BENCH_LINE]: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench' };
  const router = createRouter({ sqs: aws.sqs, sfn: aws.sfn, callFlows });
  const first = await router(benchEvent('NEW_INBOUND_CALL', 'bench-call'));
  let attributes = first.TransactionAttributes ?? {};
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + TURNS; i++) {
    const event = benchEvent('ACTION_SUCCESSFUL', 'bench-call', {
      sequence: i + 2,
      attributes,
      actionData: { Type: 'Speak', Parameters: { Text: 'Prompt' } },
    });
    const start = performance.now();
    const response = await router(event);
    const elapsed = performance.now() - start;
    if (response.Actions[0]?.Type !== 'Speak')
      throw new Error(`turn ${i} did not get the workflow's message: ${JSON.stringify(response)}`);
    attributes = response.TransactionAttributes ?? attributes;
    if (i >= WARM_UP) times.push(elapsed * 1000);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

interface Bundle {
  /** With code splitting, the entry file and the chunks it imports statically (NodejsFunction cannot split). */
  loadedBytes: number;
  /** Every chunk, including those imported only on demand (SSO/INI credential providers, Secrets Manager…). */
  totalBytes: number;
  /** The same build as one file, with the SDK's on-demand-only packages included. */
  singleFileBytes: number;
  /** What infra deploys: one file, leaving out only the packages the SDK imports on demand and never in Lambda
   *  (`SDK_ON_DEMAND_ONLY`, the CDK's `bundling.externalModules`). */
  singleFileLeanBytes: number;
  /** The deployed bundle, written outside the repo: its on-demand imports cannot resolve, so importing it proves
   *  the cold start never needs them. */
  entry: string;
}

/**
 * Built the way infra builds it (NodejsFunction: format ESM, mainFields module,main so the SDK's ES modules
 * tree-shake, SDK_ON_DEMAND_ONLY external), plus two variants for comparison: everything bundled, and code
 * splitting (what a cold start would load if NodejsFunction could split).
 */
async function bundle(dir: string): Promise<Bundle> {
  const entry = fileURLToPath(new URL('../functions/event-router/index.ts', import.meta.url));
  const common: BuildOptions & { metafile: true } = {
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    metafile: true,
    // CommonJS inside the SDK calls require(); the CDK's NodejsFunction adds the same banner for ESM.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  };
  const single = await build({ ...common, write: false });
  const deployedFile = join(dir, 'deployed.mjs');
  const lean = await build({ ...common, outfile: deployedFile, external: SDK_ON_DEMAND_ONLY });
  const split = await build({
    ...common,
    splitting: true,
    outdir: dir,
    entryNames: 'index',
    outExtension: { '.js': '.mjs' },
  });
  const outputs = split.metafile.outputs;
  const entryKey = Object.keys(outputs).find((key) => key.endsWith('index.mjs'))!;
  const loaded = new Set<string>();
  const pending = [entryKey];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (loaded.has(key)) continue;
    loaded.add(key);
    for (const imported of outputs[key].imports)
      if (imported.kind === 'import-statement' && outputs[imported.path]) pending.push(imported.path);
  }
  const sum = (keys: Iterable<string>) => [...keys].reduce((total, key) => total + outputs[key].bytes, 0);
  return {
    loadedBytes: sum(loaded),
    totalBytes: sum(Object.keys(outputs)),
    singleFileBytes: single.outputFiles?.[0]?.contents.length ?? 0,
    singleFileLeanBytes: Object.values(lean.metafile.outputs)[0].bytes,
    entry: deployedFile,
  };
}

/** Milliseconds (wall and CPU) to import the bundle in a fresh node, and to import a trivial module there (the machine's baseline). */
function coldImportMs(file: string): { bundle: number[]; cpu: number[]; baseline: number[] } {
  const script = [
    "let t=performance.now();await import('data:text/javascript,export default 1');const base=performance.now()-t;",
    `t=performance.now();const c=process.cpuUsage();const m=await import(${JSON.stringify(`file://${file}`)});const ms=performance.now()-t;`,
    'const u=process.cpuUsage(c);const cpu=(u.user+u.system)/1000;',
    "if(typeof m.handler!=='function')throw new Error('no handler');console.log(JSON.stringify({ms,cpu,base}));",
  ].join('');
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'event-router-bench',
    CALL_FLOWS: JSON.stringify({ [BENCH_LINE]: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench' }),
  };
  const runs = { bundle: [] as number[], cpu: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < IMPORT_RUNS; i++) {
    const child = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`cold import failed: ${child.stderr}`);
    const { ms, cpu, base } = JSON.parse(child.stdout.trim()) as { ms: number; cpu: number; base: number };
    runs.bundle.push(ms);
    runs.cpu.push(cpu);
    runs.baseline.push(base);
  }
  return runs;
}

export async function run(): Promise<void> {
  const cost = await turnCost();
  const dir = mkdtempSync(join(tmpdir(), 'router-bench-'));
  try {
    const built = await bundle(dir);
    const imports = coldImportMs(built.entry);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const deployed = built.singleFileLeanBytes / 1024;
    const importMs = median(imports.bundle);
    const rows = [
      [
        'router cost per turn, median',
        `${cost.median.toFixed(1)} µs`,
        `${TURNS.toLocaleString('en-US')} turns, SQS/SFN in-process, no logging`,
      ],
      ['router cost per turn, p99', `${cost.p99.toFixed(1)} µs`, ''],
      [
        'deployed bundle (one file, as infra builds it)',
        kb(built.singleFileLeanBytes),
        `esbuild, minified, esm, SDK included, SDK_ON_DEMAND_ONLY external; target < ${BUNDLE_TARGET_KB} KB: ${deployed < BUNDLE_TARGET_KB ? 'met' : 'MISSED'}`,
      ],
      ['  with the on-demand SDK packages bundled too', kb(built.singleFileBytes), ''],
      [
        '  with code splitting, loaded at cold start',
        kb(built.loadedBytes),
        `of ${kb(built.totalBytes)} in all chunks (NodejsFunction builds one file, so not deployed)`,
      ],
      [
        'cold import of the deployed bundle, median',
        `${importMs.toFixed(1)} ms`,
        `of ${IMPORT_RUNS}; target < ${IMPORT_TARGET_MS} ms: ${importMs < IMPORT_TARGET_MS ? 'met' : 'MISSED'}`,
      ],
      [
        '  CPU time of that import, median',
        `${median(imports.cpu).toFixed(1)} ms`,
        'less sensitive to other load on the machine',
      ],
      [
        '  node baseline: trivial import, median',
        `${median(imports.baseline).toFixed(1)} ms`,
        `machine load now: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      ],
    ];
    const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
    for (const row of rows)
      console.log(`  ${row[0].padEnd(width[0])}  ${row[1].padStart(width[1])}  ${row[2]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
