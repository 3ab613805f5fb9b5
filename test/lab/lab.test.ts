import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, REPO_ROOT, type Lab } from '../../lab';
import { parseScenario } from '../../lab/phone/scenario';
import { runScenario } from '../../lab/phone/run';

const labs: Lab[] = [];
afterAll(async () => {
  await Promise.all(labs.map((l) => l.close()));
});

function flowsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-flows-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const hello = readFileSync(join(REPO_ROOT, 'examples/hello.asl.json'), 'utf8');

describe('the Phone Lab', () => {
  it('the smallest call flow (docs/writing-call-flows.md) greets the caller and hangs up', async () => {
    const lab = await startLab({ port: 0, speed: 50, workflowsDir: flowsDir({ 'hello.asl.json': hello }) });
    labs.push(lab);
    const scenario = parseScenario(
      `name: hello\nline: hello\nfrom: "+12065550123"\nsteps:\n  - hear: /hello from switchboard/i\n  - expect-hangup\nexpect:\n  execution: SUCCEEDED\n  hangup-by: system\n`,
      'hello.yaml',
    );
    const result = await runScenario(lab, scenario);
    expect(result.failure).toBeUndefined();
    expect(result.transcript.join('\n')).toMatch(/hears "Hello from Switchboard. Goodbye!"/);
  });

  it('a scenario that expects the wrong prompt fails with what was heard instead', async () => {
    const lab = await startLab({ port: 0, speed: 50, workflowsDir: flowsDir({ 'hello.asl.json': hello }) });
    labs.push(lab);
    const scenario = parseScenario(
      `name: wrong\nline: hello\nfrom: "+12065550123"\nsteps:\n  - hear: /good morning/\n`,
      'wrong.yaml',
    );
    const result = await runScenario(lab, scenario, { minRealWaitMs: 100 });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatch(
      /wrong.yaml: steps\[1\]: expected to hear \/good morning\/, but the call ended; last heard: "Hello from Switchboard. Goodbye!"/,
    );
  });

  it('a workflow with a mistake is refused at start, naming the file, the state and the field', async () => {
    const broken = hello.replace('"Next": "Hang up"', '"Next": "Hang up now"');
    await expect(
      startLab({ port: 0, workflowsDir: flowsDir({ 'broken.asl.json': broken }) }),
    ).rejects.toThrow(/broken\.asl\.json: .*Hang up now.*\/States\/Greet/);
  });

  it('a taken port is a clear message, not a stack trace', async () => {
    const first = await startLab({ port: 0, workflowsDir: flowsDir({ 'hello.asl.json': hello }) });
    labs.push(first);
    const port = Number(new URL(first.edgeUrl).port);
    await expect(startLab({ port, workflowsDir: flowsDir({ 'hello.asl.json': hello }) })).rejects.toThrow(
      new RegExp(`port ${port} is already in use`),
    );
  });

  it('two labs side by side share nothing', async () => {
    const dir = flowsDir({ 'hello.asl.json': hello });
    const a = await startLab({ port: 0, speed: 50, workflowsDir: dir });
    const b = await startLab({ port: 0, speed: 50, workflowsDir: dir });
    labs.push(a, b);
    expect(a.edgeUrl).not.toBe(b.edgeUrl);
    const call = a.dial('hello', '+12065550123');
    await call.ended;
    expect(a.pstn.calls()).toHaveLength(1);
    expect(b.pstn.calls()).toHaveLength(0);
    expect(b.stepFunctions.executions()).toHaveLength(0);
  });
});
