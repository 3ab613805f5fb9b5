/**
 * Nothing left behind under load: 300 after-hours callers at once. Each leaves a message and hangs up (or, if
 * the overloaded lab apologises first, is hung up on). Every call queue is deleted by the call's final
 * hang-up — which has its own deadline, not the turn's last second — and every execution ends; the lab's
 * sweeper, run on the lab clock as the deployed schedule runs it, finds nothing left. Also: what the sweeper
 * does when a call did leave something behind.
 */
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../lab';
import type { CallerHandle } from '../../lab/pstn';
import { labClientConfig } from '../../lab/services/sdk';

const CALLS = 300;
let lab: Lab;
beforeAll(async () => {
  // queue ages are real time in the lab (its SQS keeps real time): half a minute instead of 15 keeps the test short
  lab = await startLab({
    port: 0,
    speed: 5,
    start: '2026-11-24T21:00:00-05:00',
    sweeper: { sweepAfterMinutes: 0.5 },
  });
});
afterAll(() => lab?.close());

const running = () => lab.stepFunctions.executions().filter((e) => e.status === 'RUNNING').length;
const callQueues = () => lab.queueNames().filter((q) => q.startsWith('call-'));

async function until(what: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Leaves a message if the recording starts; true when it did. */
async function leaveMessage(call: CallerHandle): Promise<boolean> {
  const recording = await call
    .waitFor((e) => e.type === 'recording-started', { timeoutMs: 600_000 })
    .then(() => true)
    .catch(() => false);
  if (recording) {
    await call.say('Hello, please call me back about the repair.', { seconds: 2 }).catch(() => {});
    await call.hangup().catch(() => {});
  }
  await call.ended;
  return recording;
}

it(`${CALLS} simultaneous calls leave 0 call queues and 0 running executions`, async () => {
  const started = Date.now();
  const calls = Array.from({ length: CALLS }, (_, i) =>
    lab.dial('business-line', `+1312555${String(2000 + i)}`),
  );
  const recorded = (await Promise.all(calls.map(leaveMessage))).filter(Boolean).length;
  const ended = Date.now();
  // the final hang-ups are still being answered when the callers' lines close
  await until(() => callQueues().length === 0 && running() === 0, 30_000);
  const byRouter = { queues: callQueues().length, running: running() };
  // what the router could not clean (a queue created after its call's HANGUP, an execution whose stop
  // failed) the sweeper takes on its own schedule, once it is older than sweepAfterMinutes
  for (let tries = 0; tries < 12 && callQueues().length + running() > 0; tries++) {
    await lab.clock.advance(10 * 60_000); // the sweeper's own schedule: every 10 lab minutes
    await until(() => callQueues().length === 0 && running() === 0, 5_000);
  }
  console.log(
    `${CALLS} calls (${recorded} left a message): all ended in ${((ended - started) / 1000).toFixed(1)} s; ` +
      `left by the router: ${byRouter.queues} queues, ${byRouter.running} running; ` +
      `all clean ${((Date.now() - ended) / 1000).toFixed(1)} s later`,
  );
  expect(callQueues()).toEqual([]);
  expect(running()).toBe(0);
  expect(await lab.sweeper.sweep()).toMatchObject({ queuesDeleted: 0, executionsStopped: 0 });
}, 300_000);

it('the sweeper removes a queue a crashed call left behind, on its own schedule once it is old enough', async () => {
  // a lab of its own, whose sweeper leaves queues alone for 6 s (real time) instead of 15 minutes
  const quick = await startLab({
    port: 0,
    workflowsDir: `${REPO_ROOT}/examples`,
    sweeper: { sweepAfterMinutes: 0.1 },
  });
  try {
    const sqs = new SQSClient(labClientConfig(quick.edgeUrl));
    await sqs.send(new CreateQueueCommand({ QueueName: 'call-left-behind' }));
    sqs.destroy();
    expect(await quick.sweeper.sweep()).toMatchObject({ queuesDeleted: 0 }); // too young: a call may be starting
    for (let tries = 0; tries < 12 && quick.queueNames().includes('call-left-behind'); tries++) {
      await new Promise((r) => setTimeout(r, 2_000));
      await quick.clock.advance(10 * 60_000); // the sweeper runs every 10 lab minutes on its own
    }
    expect(quick.queueNames()).not.toContain('call-left-behind');
  } finally {
    await quick.close();
  }
}, 60_000);
