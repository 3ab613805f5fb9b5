/**
 * The full local path: PSTN event in, actions out, through the real event router, the real AWS SDK, the
 * lab's edge (SQS, Step Functions) and the engine. Turn latency = from the simulator invoking the router
 * to the router's answer (real time: the lab clock runs at speed 1 here).
 *
 *   npx tsx -e "import('./bench/lab.ts').then(m => m.run())"
 *   BENCH_LAB_CALLS=1,100,1000 BENCH_LAB_HOLD=100,200,400 npm run bench -- lab
 *   BENCH_LAB_HOLD= npm run bench -- lab          (no held-calls search)
 *   LAB_TRANSPORT=http npm run bench -- lab       (the lab's own clients over sockets)
 */
import { join } from 'node:path';
import { APOLOGY_TEXT } from '../functions/event-router/responses';
import { startLab, REPO_ROOT } from '../lab';

const FLOWS = join(REPO_ROOT, 'bench/flows');

/** What issue 18 asks of the lab on a 2-core machine. */
const TARGETS = { oneCallMedianMs: 5, hundredCallsP99Ms: 100, heldCalls: 800 };

export async function run(): Promise<void> {
  const transport = process.env.LAB_TRANSPORT || 'in-process';
  console.log(`the lab's own clients: ${transport} (LAB_TRANSPORT=http for the socket path)`);
  const levels = list(process.env.BENCH_LAB_CALLS, [1, 100, 1000]);
  console.log(
    'concurrent calls | turns | median turn | p99 turn | CPU per turn | turns/s | retried | lost | of which apologised | target',
  );
  console.log('---|---|---|---|---|---|---|---|---|---');
  for (const calls of levels) {
    const r = await burst(calls, '+1425555', '0');
    const target =
      calls === 1
        ? `median ≤ ${TARGETS.oneCallMedianMs} ms: ${r.median <= TARGETS.oneCallMedianMs ? 'met' : 'MISSED'}`
        : calls === 100
          ? `p99 ≤ ${TARGETS.hundredCallsP99Ms} ms: ${r.p99 <= TARGETS.hundredCallsP99Ms ? 'met' : 'MISSED'}`
          : '';
    console.log(
      `${calls} | ${r.turns} | ${r.median.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.cpuPerTurnMs.toFixed(2)} ms | ` +
        `${r.turnsPerSecond.toFixed(0)} | ${r.retries} | ${r.lost} | ${r.apologised} | ${target}`,
    );
  }
  await holdSearch();
}

/**
 * The largest number of calls the lab holds for 60 s (60 turns of 1 s each) with no retry, no lost call
 * and a p99 turn under 1 s: levels tried in order until one fails. BENCH_LAB_HOLD=100,200 names the levels;
 * BENCH_LAB_HOLD= (empty) or 0 skips the search.
 */
async function holdSearch(): Promise<void> {
  const setting = process.env.BENCH_LAB_HOLD;
  const holds = setting === undefined ? [100, 200, 400, 800, 1000] : list(setting, []);
  if (holds.length === 0) {
    console.log('\ncalls held for 60 s: skipped (BENCH_LAB_HOLD is empty)');
    return;
  }
  console.log(
    '\ncalls held for 60 s (60 turns of 1 s each) | median turn | p99 turn | CPU per turn | retried | lost | holds',
  );
  console.log('---|---|---|---|---|---|---');
  let best = 0;
  for (const calls of holds) {
    const r = await burst(calls, '+1425666', '9');
    const holds = r.lost === 0 && r.retries === 0 && r.p99 < 1000;
    console.log(
      `${calls} | ${r.median.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.cpuPerTurnMs.toFixed(2)} ms | ${r.retries} | ${r.lost} | ${holds ? 'yes' : 'no'}`,
    );
    if (!holds) break;
    best = calls;
  }
  const verdict = best >= TARGETS.heldCalls ? 'met' : 'MISSED';
  console.log(
    `most calls held for 60 s with no retry, no loss and p99 < 1 s: ${best || 'none of the levels tried'} (target ≥ ${TARGETS.heldCalls}: ${verdict})`,
  );
}

interface Burst {
  turns: number;
  median: number;
  p99: number;
  retries: number;
  lost: number;
  /** Calls the router apologised to and hung up (it could not reach the workflow in time). */
  apologised: number;
  /** Main-thread CPU (user + system) of the whole lab per turn answered. */
  cpuPerTurnMs: number;
  turnsPerSecond: number;
}

async function burst(calls: number, prefix: string, lastDigit: string): Promise<Burst> {
  const lab = await startLab({ port: 0, speed: 1, workflowsDir: FLOWS });
  try {
    const phones = Array.from({ length: calls }, (_, i) =>
      lab.dial('turns', `${prefix}${String(i).padStart(3, '0')}${lastDigit}`),
    );
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(phones.map((p) => p.ended));
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const latencies: number[] = [];
    let retries = 0;
    let lost = 0;
    let apologised = 0;
    for (const phone of phones) {
      if (phone.heard().some((p) => p.kind === 'speak' && p.text === APOLOGY_TEXT)) apologised++;
      const log = lab.pstn.log(phone.transactionId);
      const events = new Map<string, number>();
      for (const entry of log) {
        const id = 'sequence' in entry ? `${entry.sequence}/${entry.attempt}` : '';
        if (entry.kind === 'event') {
          events.set(id, entry.at);
          if (entry.attempt > 1) retries++;
        } else if (entry.kind === 'response' && events.has(id)) latencies.push(entry.at - events.get(id)!);
      }
      const hangup = phone.events().find((e) => e.type === 'hangup');
      if (!hangup || hangup.type !== 'hangup' || hangup.sipCode !== 0) lost++;
    }
    await waitForExecutions(lab, calls);
    lost += lab.stepFunctions.executions().filter((e) => e.status !== 'SUCCEEDED').length;
    latencies.sort((a, b) => a - b);
    return {
      turns: latencies.length,
      median: pct(latencies, 0.5),
      p99: pct(latencies, 0.99),
      retries,
      lost,
      apologised,
      cpuPerTurnMs: latencies.length ? (used.user + used.system) / 1000 / latencies.length : NaN,
      turnsPerSecond: latencies.length / seconds,
    };
  } finally {
    await lab.close();
  }
}

async function waitForExecutions(lab: Awaited<ReturnType<typeof startLab>>, calls: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const done = lab.stepFunctions.executions().filter((e) => e.status !== 'RUNNING').length;
    if (done >= calls) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function list(value: string | undefined, fallback: number[]): number[] {
  return value
    ? value
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : fallback;
}
