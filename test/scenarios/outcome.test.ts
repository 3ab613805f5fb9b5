/** A call that ends normally — the caller hangs up, or the flow says goodbye — is a success, and its output says so. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import { runScenario } from '../../lab/phone/run';
import { parseScenario } from '../../lab/phone/scenario';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, speed: 50 });
});
afterAll(() => lab?.close());

it.each([
  'scenarios/business-line/2-caller-hangs-up-mid-message.yaml',
  'scenarios/voice-assistant/goodbye.yaml',
])(
  '%s: SUCCEEDED, with no HANGUP error as its output',
  async (source) => {
    const scenario = parseScenario(readFileSync(join(REPO_ROOT, source), 'utf8'), source);
    const result = await runScenario(lab, scenario);
    expect(result.failure, result.transcript.join('\n')).toBeUndefined();
    const execution = lab.stepFunctions.executions().find((e) => e.name === `call-${result.transactionId}`)!;
    await execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.stringify(execution.output)).not.toMatch(/Error|HANGUP/);
    expect(execution.output).toMatchObject({ CallOver: true });
  },
  60_000,
);

it('a scenario keeps listening after the caller hangs up, and its transcript shows the callback that follows', async () => {
  const source = 'scenarios/business-line/5-callback-scheduled-and-placed.yaml';
  const scenario = parseScenario(readFileSync(join(REPO_ROOT, source), 'utf8'), source);
  const result = await runScenario(lab, scenario);
  expect(result.failure, result.transcript.join('\n')).toBeUndefined();
  const text = result.transcript.join('\n');
  const hungUp = text.indexOf('the system hangs up');
  const rang = text.indexOf('+12065550100 rings (a call from +12065550200): answered');
  expect(hungUp).toBeGreaterThan(0);
  expect(rang).toBeGreaterThan(hungUp);
  expect(text).toMatch(/\[\+12065550100\] hears "This is your scheduled callback/);
  expect(text).toMatch(/\+13125550177 rings \(a call from \+12065550200\): answered/);
}, 60_000);
