/**
 * `--data <dir>`: a lab that comes back keeps its voicemails (table items and recordings), its waiting
 * schedules and its clock; without it, nothing survives a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { labClientConfig } from '../../lab/services/sdk';
import { startLab, type Lab } from '../../lab';
import { snapshot } from '../../lab/phone/expectations';
import { applyGiven, parseGiven } from '../../lab/phone/given';

const fail = (where: string, detail: string): never => {
  throw new Error(`${where}: ${detail}`);
};
const GIVEN = parseGiven(
  {
    voicemails: [
      { from: '+13125550142', at: '2026-11-26T11:00:00-05:00', says: 'Call me Friday', seconds: 3 },
    ],
    schedules: [
      {
        name: 'callback-later',
        at: '2026-12-01T09:00:00',
        zone: 'America/New_York',
        function: 'place-call',
        input: { Line: '+12065550200', Owner: '+12065550100', Customer: '+13125550177', Attempt: 1 },
      },
    ],
  },
  fail,
);

let labs: Lab[] = [];
afterEach(async () => {
  for (const lab of labs) await lab.close().catch(() => {});
  labs = [];
});
const start = async (options: Parameters<typeof startLab>[0]) => {
  const lab = await startLab({ port: 0, speed: 0, ...options });
  labs.push(lab);
  return lab;
};

describe('a lab you can come back to', () => {
  it('keeps voicemails, recordings, schedules and its clock in the data folder across a restart', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'lab-data-')), 'kept');
    const first = await start({ dataDir, start: '2026-11-30T08:00:00-05:00' });
    await applyGiven(first, GIVEN, 'business-line');
    const before = await snapshot(first);
    expect(before).toMatchObject({ voicemails: 1, recordings: 1, schedules: 1 });
    await first.clock.advance(60_000);
    const closedAt = first.clock.now();
    await first.close();
    labs = [];

    const again = await start({ dataDir });
    const after = await snapshot(again);
    expect(after).toMatchObject({ voicemails: 1, recordings: 1, schedules: 1 });
    expect(again.scheduler.schedules()[0]).toMatchObject({
      name: 'callback-later',
      timezone: 'America/New_York',
    });
    expect(again.clock.now()).toBe(closedAt);
  });

  it('keeps state machines and executions with their histories; one still running is kept as ABORTED', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'lab-data-')), 'kept');
    const first = await start({ dataDir, start: '2026-11-30T08:00:00-05:00' });
    const sfn = (lab: Lab) => new SFNClient(labClientConfig(lab.edgeUrl));
    const before = sfn(first);
    const definition = (states: object) => JSON.stringify({ StartAt: 'A', States: states });
    const { stateMachineArn: quick } = await before.send(
      new CreateStateMachineCommand({
        name: 'kept-quick',
        roleArn: 'arn:aws:iam::000000000000:role/r',
        definition: definition({ A: { Type: 'Pass', Result: { ok: 1 }, End: true } }),
      }),
    );
    const { stateMachineArn: slow } = await before.send(
      new CreateStateMachineCommand({
        name: 'kept-slow',
        roleArn: 'arn:aws:iam::000000000000:role/r',
        definition: definition({ A: { Type: 'Wait', Seconds: 3600, End: true } }),
      }),
    );
    const done = await before.send(new StartExecutionCommand({ stateMachineArn: quick, name: 'done' }));
    const running = await before.send(new StartExecutionCommand({ stateMachineArn: slow, name: 'running' }));
    await first.stepFunctions.executions().find((e) => e.name === 'done')!.done;
    before.destroy();
    await first.close();
    labs = [];

    const again = await start({ dataDir });
    const after = sfn(again);
    try {
      expect((await after.send(new DescribeStateMachineCommand({ stateMachineArn: quick }))).name).toBe(
        'kept-quick',
      );
      const described = await after.send(new DescribeExecutionCommand({ executionArn: done.executionArn }));
      expect(described).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":1}' });
      const history = await after.send(new GetExecutionHistoryCommand({ executionArn: done.executionArn }));
      expect(history.events?.map((e) => e.type)).toContain('ExecutionSucceeded');
      const stopped = await after.send(new DescribeExecutionCommand({ executionArn: running.executionArn }));
      // nothing runs across a restart: the lab stopped it when it closed, and keeps it so
      expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Lab.Closed', cause: 'the lab was closed' });
      // its name stays taken, as on AWS
      await expect(
        after.send(new StartExecutionCommand({ stateMachineArn: quick, name: 'done' })),
      ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    } finally {
      after.destroy();
    }
  });

  it('keeps nothing without one (the default)', async () => {
    const first = await start({ start: '2026-11-30T08:00:00-05:00' });
    await applyGiven(first, GIVEN, 'business-line');
    await first.close();
    labs = [];
    const again = await start({});
    expect(await snapshot(again)).toMatchObject({ voicemails: 0, recordings: 0, schedules: 0 });
  });
});
