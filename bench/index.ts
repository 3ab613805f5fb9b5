/**
 * `npm run bench`: every benchmark, on this machine, with the machine named. Figures are medians, p99s
 * and ratios — these machines are noisy; compare runs on the same machine only.
 *
 *   npm run bench              all of them
 *   npm run bench -- router    only the ones whose name contains "router"
 */
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suites = [
  { name: 'router', file: './router.ts', what: 'event router: cost per turn, bundle size, cold import' },
  {
    name: 'engine',
    file: './engine.ts',
    what: 'ASL engine: state transitions per second vs aws-local-stepfunctions',
  },
  { name: 'lab', file: './lab.ts', what: 'Phone Lab: turn latency through the real SDK and the edge' },
  {
    name: 'assistant',
    file: './assistant.ts',
    what: 'voice assistant: end of the question to the first word of the answer, realistic-latency mode',
  },
];

const only = process.argv[2];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`,
);

for (const suite of suites) {
  if (only && !suite.name.includes(only)) continue;
  const path = fileURLToPath(new URL(suite.file, import.meta.url));
  if (!existsSync(path)) {
    console.log(`\n## ${suite.name}: not built yet (${suite.file})`);
    continue;
  }
  console.log(`\n## ${suite.name} — ${suite.what}`);
  const mod = (await import(suite.file)) as { run: () => Promise<void> };
  await mod.run();
}
