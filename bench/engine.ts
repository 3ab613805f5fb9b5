/**
 * ASL engine benchmark: state transitions per second (states entered, counted from the history) on
 *   (a) a 1,000-iteration JSONPath Pass/Choice loop, (b) the same loop in JSONata, (c) an inline Map over
 *   1,000 items, (d) 1,000 concurrent executions each waiting on a task token released through the Step
 *   Functions API's SendTaskSuccess (every completion counted: none lost, none duplicated);
 * and, for (a) and (c), aws-local-stepfunctions on the same definitions in the same run, as a ratio.
 * Figures are medians of 7 runs after 3 warm-up runs, ours and the peer's alternating; rates per CPU second
 * (this process's user + system time: fair on a loaded machine) and per wall-clock second. Run alone:
 *   npx tsx -e "import('./bench/engine.ts').then(m=>m.run())"
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { LabClock } from '../lab/clock';
import { createEngine } from '../lab/engine';
import type { Engine, Execution, IntegrationResolver } from '../lab/engine';
import { createStepFunctionsService } from '../lab/stepfunctions';

const ITERATIONS = 1000;
const RUNS = 7;
const WARMUP = 3;

const jsonPathLoop = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'More?' },
    'More?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.i', NumericLessThan: ITERATIONS, Next: 'Step' }],
      Default: 'Done',
    },
    Step: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'More?' },
    Done: { Type: 'Succeed' },
  },
};

const jsonataLoop = {
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Output: { i: 0 }, Next: 'More?' },
    'More?': {
      Type: 'Choice',
      Choices: [{ Condition: `{% $states.input.i < ${ITERATIONS} %}`, Next: 'Step' }],
      Default: 'Done',
    },
    Step: { Type: 'Pass', Output: '{% {"i": $states.input.i + 1} %}', Next: 'More?' },
    Done: { Type: 'Succeed' },
  },
};

const inlineMap = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Double',
        States: {
          Double: {
            Type: 'Pass',
            Parameters: { 'n.$': '$.n', 'seen.$': "States.Format('item {}', $.n)" },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};
const mapInput = { items: Array.from({ length: ITERATIONS }, (_, n) => ({ n })) };

const callback = {
  StartAt: 'Wait for the caller',
  States: {
    'Wait for the caller': {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'q', MessageBody: { 'Token.$': '$$.Task.Token', 'Index.$': '$.index' } },
      End: true,
    },
  },
};

function engineWith(integrations: IntegrationResolver = () => undefined): Engine {
  return createEngine({ clock: new LabClock({ speed: 0 }), integrations });
}

function transitions(execution: Execution): number {
  return execution.history().filter((e) => e.type.endsWith('StateEntered')).length;
}

interface Timing {
  /** wall-clock ms */
  wall: number;
  /** CPU ms (user + system) of this process: fairer than wall time on a shared, loaded machine */
  cpu: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

async function runOurs(definition: object, input: unknown): Promise<Timing & { transitions: number }> {
  const engine = engineWith();
  let execution: Execution | undefined;
  const timing = await timed(async () => {
    execution = engine.startExecution({
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
      stateMachineName: 'bench',
      definition,
      input,
    });
    await execution.done;
  });
  if (execution!.status !== 'SUCCEEDED')
    throw new Error(`bench execution ${execution!.status}: ${execution!.error} ${execution!.cause}`);
  return { ...timing, transitions: transitions(execution!) };
}

async function runPeer(definition: object, input: unknown): Promise<Timing> {
  const machine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { checkPaths: false, checkArn: false },
  });
  return timed(() => machine.run(input as Parameters<StateMachine['run']>[0]).result);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs ours and the peer alternately (so both see the same machine load); rates per CPU second and per wall second. */
async function measure(label: string, definition: object, input: unknown, peer: boolean): Promise<void> {
  for (let i = 0; i < WARMUP; i++) {
    await runOurs(definition, input);
    if (peer) await runPeer(definition, input);
  }
  const ours: Timing[] = [];
  const theirs: Timing[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await runOurs(definition, input);
    ours.push(r);
    count = r.transitions;
    if (peer) theirs.push(await runPeer(definition, input));
  }
  const rate = (runs: Timing[], key: keyof Timing) => count / (median(runs.map((r) => r[key])) / 1000);
  let line = `${label.padEnd(38)} ${fmt(rate(ours, 'cpu'))} transitions/CPU-s ${fmt(rate(ours, 'wall'))} /wall-s  (${count} transitions)`;
  if (peer) {
    line += `\n${'    aws-local-stepfunctions'.padEnd(38)} ${fmt(rate(theirs, 'cpu'))} transitions/CPU-s ${fmt(rate(theirs, 'wall'))} /wall-s`;
    line += `  → ours ${(rate(ours, 'cpu') / rate(theirs, 'cpu')).toFixed(1)}× (CPU), ${(rate(ours, 'wall') / rate(theirs, 'wall')).toFixed(1)}× (wall)`;
  }
  console.log(line);
}

/** (d): 1,000 executions wait on a token each; SendTaskSuccess through the API releases them all at once. */
async function concurrentCallbacks(count: number): Promise<void> {
  const tokens: { token: string; index: number }[] = [];
  const engine = engineWith((resource) =>
    resource.endsWith('.waitForTaskToken')
      ? async (task) => {
          const body = (task.parameters as { MessageBody: { Index: number } }).MessageBody;
          tokens.push({ token: task.taskToken!, index: body.Index });
          return { MessageId: String(body.Index) };
        }
      : undefined,
  );
  const service = createStepFunctionsService({ engine });
  const roleArn = 'arn:aws:iam::000000000000:role/bench';
  const created = (
    await service.handle('AWSStepFunctions.CreateStateMachine', {
      name: 'callbacks',
      definition: JSON.stringify(callback),
      roleArn,
    })
  ).body as { stateMachineArn: string };

  const started = performance.now();
  const completions = new Map<string, number>();
  const executions: Execution[] = [];
  for (let index = 0; index < count; index++) {
    const reply = await service.handle('AWSStepFunctions.StartExecution', {
      stateMachineArn: created.stateMachineArn,
      name: `call-${index}`,
      input: JSON.stringify({ index }),
    });
    if (reply.status !== 200) throw new Error(`StartExecution failed: ${JSON.stringify(reply.body)}`);
  }
  for (const execution of service.executions()) {
    executions.push(execution);
    void execution.done.then((e) =>
      completions.set(e.executionArn, (completions.get(e.executionArn) ?? 0) + 1),
    );
  }
  while (tokens.length < count) await new Promise((r) => setImmediate(r));
  const waiting = performance.now();
  await Promise.all(
    tokens.map(({ token, index }) =>
      service.handle('AWSStepFunctions.SendTaskSuccess', {
        taskToken: token,
        output: JSON.stringify({ released: index }),
      }),
    ),
  );
  await Promise.all(executions.map((e) => e.done));
  await new Promise((r) => setImmediate(r));
  const ended = performance.now();

  const lost = executions.filter((e) => e.status !== 'SUCCEEDED').length;
  const duplicated = [...completions.values()].filter((n) => n > 1).length;
  const wrong = executions.filter(
    (e) => (e.output as { released?: number } | undefined)?.released !== (e.input as { index: number }).index,
  ).length;
  const total = executions.reduce((n, e) => n + transitions(e), 0);
  const ms = ended - started;
  console.log(
    `${'(d) 1,000 concurrent task tokens'.padEnd(38)} ${fmt(total / (ms / 1000))} transitions/wall-s ${fmt(count / (ms / 1000))} executions/wall-s\n` +
      `${''.padEnd(38)} (${count} executions StartExecution→wait→SendTaskSuccess→end through the API in ${ms.toFixed(0)} ms; ` +
      `release phase ${(ended - waiting).toFixed(0)} ms; completed ${completions.size}/${count}, lost ${lost}, duplicated ${duplicated}, wrong output ${wrong})`,
  );
  if (lost || duplicated || wrong || completions.size !== count)
    throw new Error('(d) lost, duplicated or misrouted completions');
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(9);
}

export async function run(): Promise<void> {
  await measure('(a) JSONPath Pass/Choice loop ×1,000', jsonPathLoop, {}, true);
  await measure('(b) JSONata Pass/Choice loop ×1,000', jsonataLoop, {}, false);
  await measure('(c) inline Map over 1,000 items', inlineMap, mapInput, true);
  await concurrentCallbacks(ITERATIONS);
}
