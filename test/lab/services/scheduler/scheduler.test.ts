import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { LabClock } from '../../../../lab/clock';
import { labClientConfig, startEdge, type Edge } from '../../../../lab/services';
import { createSchedulerProvider } from '../../../../lab/services/scheduler';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:place-call';
const ROLE = 'arn:aws:iam::000000000000:role/scheduler';
let edge: Edge | undefined;
afterEach(async () => {
  await edge?.close();
  edge = undefined;
});

async function lab(options: { failures?: number } = {}) {
  const clock = new LabClock({ start: '2026-11-23T08:00:00-05:00', speed: 0 });
  const invoked: { arn: string; input: string; at: string }[] = [];
  let failures = options.failures ?? 0;
  const provider = createSchedulerProvider({
    clock,
    invoke: async (arn, input) => {
      invoked.push({ arn, input, at: new Date(clock.now()).toISOString() });
      if (failures-- > 0) throw new Error('Lambda was throttled');
    },
  });
  edge = await startEdge({ port: 0, providers: [provider] });
  const client = new SchedulerClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
  return { clock, client, provider, invoked };
}

const callback = (overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: 'callback-1',
  ScheduleExpression: 'at(2026-11-23T09:30:00)',
  ScheduleExpressionTimezone: 'America/New_York',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: LAMBDA, RoleArn: ROLE, Input: '{"to":"+12065550123"}' },
  ActionAfterCompletion: 'DELETE',
  ...overrides,
});

async function failure(promise: Promise<unknown>) {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata: { httpStatusCode: number } };
  expect(err, 'the request should have failed').toBeDefined();
  return { name: err.name, status: err.$metadata.httpStatusCode, message: err.message };
}

describe('one-time schedules', () => {
  it('a one-time schedule fires its target when the lab clock reaches it and deletes itself', async () => {
    const { clock, client, invoked } = await lab();
    const out = await client.send(new CreateScheduleCommand(callback()));
    expect(out.ScheduleArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule/default/callback-1');
    await clock.jumpTo('2026-11-23T09:29:59-05:00');
    expect(invoked).toEqual([]);
    await clock.jumpTo('2026-11-23T09:30:00-05:00');
    expect(invoked).toEqual([
      { arn: LAMBDA, input: '{"to":"+12065550123"}', at: '2026-11-23T14:30:00.000Z' },
    ]);
    expect((await failure(client.send(new GetScheduleCommand({ Name: 'callback-1' })))).name).toBe(
      'ResourceNotFoundException',
    );
    expect(clock.pendingTimers()).toBe(0);
  });

  it('without ActionAfterCompletion DELETE it stays after running, with nothing more due', async () => {
    const { clock, client, provider, invoked } = await lab();
    await client.send(new CreateScheduleCommand(callback({ ActionAfterCompletion: undefined })));
    await clock.jumpTo('2026-11-23T10:00:00-05:00');
    expect(invoked).toHaveLength(1);
    const got = await client.send(new GetScheduleCommand({ Name: 'callback-1' }));
    expect(got).toMatchObject({
      Name: 'callback-1',
      GroupName: 'default',
      State: 'ENABLED',
      ActionAfterCompletion: 'NONE',
    });
    const [view] = provider.schedules();
    expect(view).toMatchObject({ name: 'callback-1', runs: 1 });
    expect(view).not.toHaveProperty('nextRunAt');
  });

  it.each([
    ['America/New_York', 'at(2026-11-23T09:30:00)', '2026-11-23T14:30:00.000Z'],
    ['America/New_York', 'at(2027-07-01T09:30:00)', '2027-07-01T13:30:00.000Z'],
    ['Asia/Kolkata', 'at(2026-12-01T09:30:00)', '2026-12-01T04:00:00.000Z'],
    [undefined, 'at(2026-12-01T09:30:00)', '2026-12-01T09:30:00.000Z'],
  ])('in time zone %s, %s is due at %s', async (zone, expression, due) => {
    const { client, provider } = await lab();
    await client.send(
      new CreateScheduleCommand(
        callback({ ScheduleExpression: expression, ScheduleExpressionTimezone: zone }),
      ),
    );
    expect(provider.schedules()[0]!.nextRunAt).toBe(due);
  });

  it('GetSchedule returns what was created, with dates', async () => {
    const { client } = await lab();
    await client.send(new CreateScheduleCommand(callback({ Description: 'call Ana back' })));
    const got = await client.send(new GetScheduleCommand({ Name: 'callback-1', GroupName: 'default' }));
    expect(got).toMatchObject({
      Arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/callback-1',
      ScheduleExpression: 'at(2026-11-23T09:30:00)',
      ScheduleExpressionTimezone: 'America/New_York',
      Description: 'call Ana back',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: LAMBDA, RoleArn: ROLE, Input: '{"to":"+12065550123"}' },
      ActionAfterCompletion: 'DELETE',
    });
    expect(got.CreationDate?.toISOString()).toBe('2026-11-23T13:00:00.000Z');
  });

  it('an updated schedule runs at its new time, not the old one', async () => {
    const { clock, client, invoked } = await lab();
    await client.send(new CreateScheduleCommand(callback()));
    await client.send(
      new UpdateScheduleCommand({ ...callback(), ScheduleExpression: 'at(2026-11-23T11:00:00)' }),
    );
    await clock.jumpTo('2026-11-23T10:59:00-05:00');
    expect(invoked).toEqual([]);
    await clock.jumpTo('2026-11-23T11:00:00-05:00');
    expect(invoked).toHaveLength(1);
  });

  it('a deleted schedule never fires', async () => {
    const { clock, client, invoked } = await lab();
    await client.send(new CreateScheduleCommand(callback()));
    await client.send(new DeleteScheduleCommand({ Name: 'callback-1' }));
    await clock.jumpTo('2026-11-24T00:00:00Z');
    expect(invoked).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a one-time schedule already past when created runs at once (UNCONFIRMED in AWS; the lab runs it)', async () => {
    const { clock, client, invoked } = await lab();
    await client.send(new CreateScheduleCommand(callback({ ScheduleExpression: 'at(2026-11-23T07:00:00)' })));
    await clock.advance(0);
    expect(invoked.map((i) => i.at)).toEqual(['2026-11-23T13:00:00.000Z']);
  });

  it('a target that throws at once is retried like one that fails later', async () => {
    const clock = new LabClock({ start: '2026-11-23T08:00:00-05:00', speed: 0 });
    let calls = 0;
    const provider = createSchedulerProvider({
      clock,
      invoke: (() => {
        calls++;
        throw new Error('no such function');
      }) as never,
    });
    edge = await startEdge({ port: 0, providers: [provider] });
    const client = new SchedulerClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
    await client.send(
      new CreateScheduleCommand(
        callback({ Target: { Arn: LAMBDA, RoleArn: ROLE, RetryPolicy: { MaximumRetryAttempts: 1 } } }),
      ),
    );
    await clock.jumpTo('2026-11-23T10:00:00-05:00');
    expect(calls).toBe(2);
    expect(provider.schedules()).toEqual([]);
  });

  it('a closed scheduler leaves no timer behind, even for an invocation still running', async () => {
    const clock = new LabClock({ start: '2026-11-23T08:00:00-05:00', speed: 0 });
    let finish: () => void = () => undefined;
    const provider = createSchedulerProvider({
      clock,
      invoke: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    edge = await startEdge({ port: 0, providers: [provider] });
    const client = new SchedulerClient({ ...labClientConfig(edge.url), maxAttempts: 1 });
    await client.send(
      new CreateScheduleCommand(
        callback({ ScheduleExpression: 'rate(1 hour)', ScheduleExpressionTimezone: undefined }),
      ),
    );
    await clock.advance(3_600_000);
    await edge.close();
    edge = undefined;
    finish();
    await new Promise((r) => setImmediate(r));
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a disabled schedule does not fire', async () => {
    const { clock, client, invoked } = await lab();
    await client.send(new CreateScheduleCommand(callback({ State: 'DISABLED' })));
    await clock.jumpTo('2026-11-24T00:00:00Z');
    expect(invoked).toEqual([]);
  });
});

describe('retries', () => {
  it('a failed invocation is retried with back-off until it succeeds, then the schedule deletes itself', async () => {
    const { clock, client, provider, invoked } = await lab({ failures: 2 });
    await client.send(new CreateScheduleCommand(callback()));
    await clock.jumpTo('2026-11-23T09:30:00-05:00');
    expect(provider.schedules()[0]).toMatchObject({
      lastError: 'Lambda was throttled',
      runs: 0,
      nextRunAt: '2026-11-23T14:30:01.000Z',
    });
    await clock.jumpTo('2026-11-23T09:31:00-05:00');
    expect(invoked.map((i) => i.at)).toEqual([
      '2026-11-23T14:30:00.000Z',
      '2026-11-23T14:30:01.000Z',
      '2026-11-23T14:30:03.000Z',
    ]);
    expect(provider.schedules()).toEqual([]);
  });

  it('RetryPolicy MaximumRetryAttempts 0 means one attempt; the failure stays visible when the schedule is kept', async () => {
    const { clock, client, provider, invoked } = await lab({ failures: 5 });
    await client.send(
      new CreateScheduleCommand(
        callback({
          ActionAfterCompletion: 'NONE',
          Target: { Arn: LAMBDA, RoleArn: ROLE, RetryPolicy: { MaximumRetryAttempts: 0 } },
        }),
      ),
    );
    await clock.jumpTo('2026-11-23T12:00:00-05:00');
    expect(invoked).toEqual([{ arn: LAMBDA, input: '{}', at: '2026-11-23T14:30:00.000Z' }]);
    expect(provider.schedules()[0]).toMatchObject({ runs: 0, lastError: 'Lambda was throttled' });
  });

  it('MaximumEventAgeInSeconds stops retrying once the event is too old', async () => {
    const { clock, client, invoked } = await lab({ failures: 100 });
    await client.send(
      new CreateScheduleCommand(
        callback({ Target: { Arn: LAMBDA, RoleArn: ROLE, RetryPolicy: { MaximumEventAgeInSeconds: 60 } } }),
      ),
    );
    await clock.jumpTo('2026-11-23T13:00:00-05:00');
    // attempts at +0, +1, +3, +7, +15, +31 s; the next would be at +63 s, past the 60 s age
    expect(invoked).toHaveLength(6);
  });
});

describe('recurring schedules', () => {
  it('rate(5 minutes) runs every five minutes until its EndDate, then deletes itself', async () => {
    const { clock, client, invoked, provider } = await lab();
    await client.send(
      new CreateScheduleCommand(
        callback({
          ScheduleExpression: 'rate(5 minutes)',
          EndDate: new Date('2026-11-23T13:16:00Z'),
          ScheduleExpressionTimezone: undefined,
        }),
      ),
    );
    await clock.jumpTo('2026-11-23T14:00:00Z');
    expect(invoked.map((i) => i.at)).toEqual([
      '2026-11-23T13:05:00.000Z',
      '2026-11-23T13:10:00.000Z',
      '2026-11-23T13:15:00.000Z',
    ]);
    expect(provider.schedules()).toEqual([]);
  });

  it('cron(0 9 ? * MON-FRI *) in New York runs at 9 am local time on weekdays only', async () => {
    const { clock, client, invoked, provider } = await lab();
    await client.send(
      new CreateScheduleCommand(
        callback({ ScheduleExpression: 'cron(0 9 ? * MON-FRI *)', ActionAfterCompletion: 'NONE' }),
      ),
    );
    // lab time starts Monday 2026-11-23 08:00 in New York
    expect(provider.schedules()[0]!.nextRunAt).toBe('2026-11-23T14:00:00.000Z');
    await clock.jumpTo('2026-11-30T12:00:00Z');
    expect(invoked.map((i) => i.at)).toEqual([
      '2026-11-23T14:00:00.000Z',
      '2026-11-24T14:00:00.000Z',
      '2026-11-25T14:00:00.000Z',
      '2026-11-26T14:00:00.000Z',
      '2026-11-27T14:00:00.000Z',
    ]);
    expect(provider.schedules()[0]!.nextRunAt).toBe('2026-11-30T14:00:00.000Z');
  });

  it.each([
    ['cron(30 */6 * * ? *)', 'UTC', '2026-11-23T18:30:00.000Z'],
    ['cron(0 0 1 JAN ? 2027)', 'UTC', '2027-01-01T00:00:00.000Z'],
    ['cron(15 10 ? * SUN *)', 'Europe/London', '2026-11-29T10:15:00.000Z'],
    ['cron(0 12 L * ? *)', 'UTC', undefined],
  ])('%s in %s is next due at %s (L, W and # are accepted but not run)', async (expression, zone, due) => {
    const { client, provider } = await lab();
    await client.send(
      new CreateScheduleCommand(
        callback({ ScheduleExpression: expression, ScheduleExpressionTimezone: zone }),
      ),
    );
    expect(provider.schedules()[0]!.nextRunAt).toBe(due);
  });
});

describe('what the scheduler refuses', () => {
  it('a second schedule with the same name is a ConflictException', async () => {
    const { client } = await lab();
    await client.send(new CreateScheduleCommand(callback()));
    expect(await failure(client.send(new CreateScheduleCommand(callback())))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'Schedule callback-1 already exists.',
    });
  });

  it.each([
    [
      'GetSchedule of a missing schedule',
      () => new GetScheduleCommand({ Name: 'nope' }),
      'Schedule nope does not exist.',
    ],
    [
      'DeleteSchedule of a missing schedule',
      () => new DeleteScheduleCommand({ Name: 'nope' }),
      'Schedule nope does not exist.',
    ],
    [
      'UpdateSchedule of a missing schedule',
      () => new UpdateScheduleCommand({ ...callback(), Name: 'nope' }),
      'Schedule nope does not exist.',
    ],
    [
      'a schedule in a missing group',
      () => new CreateScheduleCommand(callback({ GroupName: 'callbacks' })),
      'Schedule group callbacks does not exist.',
    ],
    [
      'GetScheduleGroup of a missing group',
      () => new GetScheduleGroupCommand({ Name: 'callbacks' }),
      'Schedule group callbacks does not exist.',
    ],
  ])('%s is a ResourceNotFoundException', async (_name, command, message) => {
    const { client } = await lab();
    expect(await failure(client.send(command() as never))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message,
    });
  });

  it.each([
    [
      'no FlexibleTimeWindow',
      { FlexibleTimeWindow: undefined },
      "Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null",
    ],
    [
      'no RoleArn on the target',
      { Target: { Arn: LAMBDA } as never },
      "Value null at 'target.roleArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a name with a space',
      { Name: 'call back' },
      "Value 'call back' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      'an unknown ActionAfterCompletion',
      { ActionAfterCompletion: 'LATER' as never },
      'Member must satisfy enum value set: [NONE, DELETE]',
    ],
    [
      'a date that does not exist',
      { ScheduleExpression: 'at(2026-02-30T09:00:00)' },
      'Invalid Schedule Expression at(2026-02-30T09:00:00).',
    ],
    [
      'a date without seconds',
      { ScheduleExpression: 'at(2026-11-23T09:00)' },
      'Invalid Schedule Expression at(2026-11-23T09:00).',
    ],
    [
      'a rate with a bad unit',
      { ScheduleExpression: 'rate(5 weeks)' },
      'Invalid Schedule Expression rate(5 weeks).',
    ],
    [
      'a cron with both day fields set',
      { ScheduleExpression: 'cron(0 9 * * MON *)' },
      'Invalid Schedule Expression cron(0 9 * * MON *).',
    ],
    [
      'an unknown time zone',
      { ScheduleExpressionTimezone: 'Mars/Olympus_Mons' },
      'Invalid time zone: Mars/Olympus_Mons.',
    ],
    [
      'a FLEXIBLE window without its size',
      { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } },
      'MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE.',
    ],
    [
      'too many retries',
      { Target: { Arn: LAMBDA, RoleArn: ROLE, RetryPolicy: { MaximumRetryAttempts: 186 } } },
      "at 'target.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must be between 0 and 185",
    ],
  ])('%s is a ValidationException', async (_name, overrides, message) => {
    const { client, provider } = await lab();
    const err = await failure(
      client.send(new CreateScheduleCommand(callback(overrides as Partial<CreateScheduleCommandInput>))),
    );
    expect(err).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(err.message).toContain(message);
    expect(provider.schedules()).toEqual([]);
  });

  it('several problems are reported together', async () => {
    const { client } = await lab();
    const err = await failure(
      client.send(
        new CreateScheduleCommand(
          callback({ FlexibleTimeWindow: undefined, Target: { Arn: LAMBDA } as never }),
        ),
      ),
    );
    expect(err.message).toMatch(/^2 validation errors detected: /);
    expect(err.message).toContain("Value null at 'flexibleTimeWindow'");
    expect(err.message).toContain("Value null at 'target.roleArn'");
  });
});

describe('schedule groups and listing', () => {
  it('a group holds schedules; deleting it deletes them and their timers', async () => {
    const { clock, client, invoked } = await lab();
    const created = await client.send(new CreateScheduleGroupCommand({ Name: 'callbacks' }));
    expect(created.ScheduleGroupArn).toBe(
      'arn:aws:scheduler:us-east-1:000000000000:schedule-group/callbacks',
    );
    expect((await failure(client.send(new CreateScheduleGroupCommand({ Name: 'callbacks' })))).name).toBe(
      'ConflictException',
    );
    await client.send(new CreateScheduleCommand(callback({ GroupName: 'callbacks' })));
    expect(await client.send(new GetScheduleGroupCommand({ Name: 'callbacks' }))).toMatchObject({
      Name: 'callbacks',
      State: 'ACTIVE',
    });
    const groups = await client.send(new ListScheduleGroupsCommand({}));
    expect(groups.ScheduleGroups?.map((g) => g.Name)).toEqual(['default', 'callbacks']);
    await client.send(new DeleteScheduleGroupCommand({ Name: 'callbacks' }));
    await clock.jumpTo('2026-11-24T00:00:00Z');
    expect(invoked).toEqual([]);
    expect((await client.send(new ListSchedulesCommand({}))).Schedules).toEqual([]);
  });

  it('the default group cannot be deleted', async () => {
    const { client } = await lab();
    expect((await failure(client.send(new DeleteScheduleGroupCommand({ Name: 'default' })))).name).toBe(
      'ValidationException',
    );
  });

  it('ListSchedules filters by prefix and group and pages with NextToken', async () => {
    const { client } = await lab();
    await client.send(new CreateScheduleGroupCommand({ Name: 'other' }));
    for (const name of ['callback-1', 'callback-2', 'callback-3', 'reminder-1'])
      await client.send(new CreateScheduleCommand(callback({ Name: name })));
    await client.send(new CreateScheduleCommand(callback({ Name: 'callback-9', GroupName: 'other' })));
    const first = await client.send(
      new ListSchedulesCommand({ NamePrefix: 'callback-', GroupName: 'default', MaxResults: 2 }),
    );
    expect(first.Schedules?.map((s) => s.Name)).toEqual(['callback-1', 'callback-2']);
    expect(first.Schedules?.[0]).toMatchObject({
      GroupName: 'default',
      State: 'ENABLED',
      Target: { Arn: LAMBDA },
    });
    const second = await client.send(
      new ListSchedulesCommand({
        NamePrefix: 'callback-',
        GroupName: 'default',
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect(second.Schedules?.map((s) => s.Name)).toEqual(['callback-3']);
    expect(second.NextToken).toBeUndefined();
  });
});
